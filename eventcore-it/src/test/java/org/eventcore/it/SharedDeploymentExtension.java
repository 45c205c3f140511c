package org.eventcore.it;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Puts {@link SharedDeploymentContainer} in place of the server adapter that is on the class path
 * (each failsafe execution has exactly one: WildFly's or Payara's managed container).
 */
public final class SharedDeploymentExtension implements LoadableExtension {

  @Override
  public void register(ExtensionBuilder builder) {
    if (present(SharedDeploymentContainer.OnWildFly.ADAPTER)) {
      override(
          builder,
          SharedDeploymentContainer.OnWildFly.ADAPTER,
          SharedDeploymentContainer.OnWildFly.class);
    } else if (present(SharedDeploymentContainer.OnPayara.ADAPTER)) {
      override(
          builder,
          SharedDeploymentContainer.OnPayara.ADAPTER,
          SharedDeploymentContainer.OnPayara.class);
    } else {
      throw new IllegalStateException(
          "Neither WildFly's nor Payara's Arquillian adapter is on the class path");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void override(ExtensionBuilder builder, String adapter, Class<?> replacement) {
    try {
      Class adapterClass = Class.forName(adapter);
      builder.override(DeployableContainer.class, adapterClass, (Class) replacement);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SharedDeploymentExtension.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException absent) {
      return false;
    }
  }
}
