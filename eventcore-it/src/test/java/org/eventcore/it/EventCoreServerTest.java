package org.eventcore.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against the EAR deployed on the managed WildFly. The database extension comes first: it
 * must set the properties that Arquillian's configuration reads.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServerDatabase.class)
@ExtendWith(ArquillianExtension.class)
public @interface EventCoreServerTest {}
