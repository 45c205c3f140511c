package org.eventcore.interfaces.metrics;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Maps {@link MetricsServlet} to {@code /metrics} when SmallRye Metrics is bundled with the
 * application, as on WildFly, which ships no MicroProfile Metrics (ADR 0001). A server with
 * MicroProfile Metrics of its own (Payara) serves {@code /metrics} itself from the same registries;
 * there the bundled copy is absent and nothing is mapped (ADR 0011).
 */
@WebListener
public class MetricsServletRegistration implements ServletContextListener {

  static final String SMALLRYE_HANDLER = "io.smallrye.metrics.MetricsRequestHandler";

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    if (smallRyeMetricsBundled(context.getClassLoader())) {
      context
          .addServlet("metrics", MetricsServlet.class.getName())
          .addMapping("/metrics", "/metrics/*");
    }
  }

  static boolean smallRyeMetricsBundled(ClassLoader loader) {
    try {
      Class.forName(SMALLRYE_HANDLER, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
