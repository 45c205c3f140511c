package org.eventcore.infrastructure.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eventcore.api.migration.ApplicationMigrations;

/**
 * Finds the {@link ApplicationMigrations} beans of every module of the deployment — also those
 * EventCore's own modules cannot see by type, such as a WAR's — for the start-up migration.
 */
public class ApplicationMigrationsExtension implements Extension {

  /** A bean's migrations and the class loader of its module, which finds its locations. */
  public record Found(ApplicationMigrations migrations, ClassLoader classLoader) {}

  private final List<Bean<?>> beans = new ArrayList<>();

  <T> void migrations(@Observes ProcessManagedBean<T> event) {
    if (ApplicationMigrations.class.isAssignableFrom(event.getBean().getBeanClass())) {
      synchronized (this) {
        beans.add(event.getBean());
      }
    }
  }

  /** Every application's migrations, ordered by bean class name (a stable order). */
  public synchronized List<Found> all(BeanManager beanManager) {
    List<Found> found = new ArrayList<>();
    beans.stream()
        .sorted(Comparator.comparing(bean -> bean.getBeanClass().getName()))
        .forEach(
            bean ->
                found.add(
                    new Found(
                        (ApplicationMigrations)
                            beanManager.getReference(
                                bean,
                                bean.getBeanClass(),
                                beanManager.createCreationalContext(bean)),
                        bean.getBeanClass().getClassLoader())));
    return found;
  }
}
