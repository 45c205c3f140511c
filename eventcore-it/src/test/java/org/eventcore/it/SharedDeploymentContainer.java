package org.eventcore.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.spi.client.container.ConfigurationMapper;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.api.Injector;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.asset.ArchiveAsset;
import org.jboss.shrinkwrap.api.asset.Asset;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * The server adapter (WildFly's or Payara's managed container) with one change: an archive stays
 * deployed after its test class, and the next class that deploys an archive of the same content
 * uses it instead of deploying it again. Arquillian deploys and undeploys per test class; most of
 * the suite's classes test the built EAR as it is ({@link Deployments#builtEar()}) over HTTP, and
 * each deployment of it costs seconds (about 3 s on WildFly, 6 s on Payara on our 2-core machines).
 *
 * <p>The rules, so that a class sees exactly what it deploys and nothing else:
 *
 * <ul>
 *   <li>Two archives are the same when their names and every entry's path and bytes are the same
 *       (nested archives compared entry by entry, so a rebuilt EAR is a different one).
 *   <li>An undeployment that Arquillian asks for is put off: the archive stays deployed.
 *   <li>Before any other archive is deployed, the archive that stayed is undeployed, so no two
 *       archives are on the server at once (a class that deploys a variant — other settings, a
 *       module of its own, a broken archive — finds the server without the EAR, as before).
 *   <li>When the server stops, the archive that stayed is undeployed first (WildFly keeps its
 *       deployments in {@code standalone.xml}; the next start would deploy it again).
 * </ul>
 *
 * What a class can no longer rely on: a fresh deployment's in-memory state (caches, counters, the
 * projection runners' progress) at its start. The database was shared by every class before, too.
 */
public abstract class SharedDeploymentContainer<T extends ContainerConfiguration>
    implements DeployableContainer<T> {

  @Inject private Instance<Injector> injector;

  private final String adapterClass;
  private DeployableContainer<T> adapter;
  private Archive<?> deployed;
  private String deployedFingerprint;
  private ProtocolMetaData deployedMetaData;

  SharedDeploymentContainer(String adapterClass) {
    this.adapterClass = adapterClass;
  }

  /** The server adapter, made on first use and injected as Arquillian injects its services. */
  @SuppressWarnings("unchecked")
  private DeployableContainer<T> adapter() {
    if (adapter == null) {
      try {
        adapter =
            (DeployableContainer<T>)
                Class.forName(adapterClass).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot make the server adapter " + adapterClass, e);
      }
      injector.get().inject(adapter);
    }
    return adapter;
  }

  @Override
  public Class<T> getConfigurationClass() {
    return adapter().getConfigurationClass();
  }

  @Override
  public ConfigurationMapper<T> getConfigurationMapper() {
    return adapter().getConfigurationMapper();
  }

  @Override
  public void setup(T configuration) {
    adapter().setup(configuration);
  }

  @Override
  public void start() throws LifecycleException {
    adapter().start();
  }

  @Override
  public void stop() throws LifecycleException {
    try {
      undeployTheKeptArchive();
    } catch (DeploymentException e) {
      System.out.println("SharedDeployment: undeployment before the stop failed: " + e);
    } finally {
      adapter().stop();
    }
  }

  @Override
  public ProtocolDescription getDefaultProtocol() {
    return adapter().getDefaultProtocol();
  }

  @Override
  public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
    String fingerprint = fingerprint(archive);
    if (deployed != null && fingerprint.equals(deployedFingerprint)) {
      System.out.println(
          "SharedDeployment: " + archive.getName() + " is still deployed; not deployed again");
      return deployedMetaData;
    }
    undeployTheKeptArchive();
    ProtocolMetaData metaData = adapter().deploy(archive);
    deployed = archive;
    deployedFingerprint = fingerprint;
    deployedMetaData = metaData;
    return metaData;
  }

  @Override
  public void undeploy(Archive<?> archive) throws DeploymentException {
    if (archive == deployed || fingerprint(archive).equals(deployedFingerprint)) {
      return; // stays deployed for the next class that deploys the same archive
    }
    adapter().undeploy(archive);
  }

  @Override
  @SuppressWarnings("deprecation") // part of the interface the adapters implement
  public void deploy(Descriptor descriptor) throws DeploymentException {
    undeployTheKeptArchive();
    adapter().deploy(descriptor);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void undeploy(Descriptor descriptor) throws DeploymentException {
    adapter().undeploy(descriptor);
  }

  private void undeployTheKeptArchive() throws DeploymentException {
    if (deployed != null) {
      Archive<?> archive = deployed;
      deployed = null;
      deployedFingerprint = null;
      deployedMetaData = null;
      adapter().undeploy(archive);
    }
  }

  /** SHA-256 over the archive's name and every entry's path and content, in path order. */
  static String fingerprint(Archive<?> archive) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, archive);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest digest, Archive<?> archive) {
    digest.update(archive.getName().getBytes(StandardCharsets.UTF_8));
    Map<ArchivePath, Node> entries = new TreeMap<>(Comparator.comparing(ArchivePath::get));
    entries.putAll(archive.getContent());
    byte[] buffer = new byte[64 * 1024];
    for (Map.Entry<ArchivePath, Node> entry : entries.entrySet()) {
      digest.update((byte) 0);
      digest.update(entry.getKey().get().getBytes(StandardCharsets.UTF_8));
      Asset asset = entry.getValue().getAsset();
      if (asset instanceof ArchiveAsset nested) {
        digest.update((byte) 1);
        update(digest, nested.getArchive());
      } else if (asset != null) {
        digest.update((byte) 2);
        try (InputStream in = asset.openStream()) {
          for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** On WildFly (execution {@code default}). */
  public static final class OnWildFly<C extends ContainerConfiguration>
      extends SharedDeploymentContainer<C> {
    static final String ADAPTER =
        "org.jboss.as.arquillian.container.managed.ManagedDeployableContainer";

    public OnWildFly() {
      super(ADAPTER);
    }
  }

  /** On Payara Server (execution {@code payara}). */
  public static final class OnPayara<C extends ContainerConfiguration>
      extends SharedDeploymentContainer<C> {
    static final String ADAPTER =
        "fish.payara.arquillian.container.payara.managed.PayaraManagedDeployableContainer";

    public OnPayara() {
      super(ADAPTER);
    }
  }
}
