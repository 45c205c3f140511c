package org.eventcore.interfaces.rest.binding;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON-B configuration the JAX-RS runtime binds request bodies with: members that the request
 * record does not declare are refused (a typo is a 400, not a silently ignored field), and JSON
 * types are kept ({@link StrictTypes}).
 *
 * <p>{@value #FAIL_ON_UNKNOWN_PROPERTIES} is Yasson's property (WildFly's and Payara's JSON-B
 * implementation), named here as a string so that no implementation class is compiled against;
 * {@code ErrorsIT} and {@code BankingApiIT} check that it takes effect on the deployed server.
 */
@Provider
public class JsonBinding implements ContextResolver<Jsonb> {

  static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

  private final Jsonb jsonb =
      JsonbBuilder.create(
          new JsonbConfig()
              .setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true)
              .withDeserializers(
                  new StrictTypes.WholeLong(),
                  new StrictTypes.WholeInteger(),
                  new StrictTypes.Text()));

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb;
  }
}
