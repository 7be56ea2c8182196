package io.notifications.api.contract;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.servers.Server;

/**
 * What Payara (6.2025.10) adds to the document that nobody wrote, removed so that {@code /openapi} is a valid OpenAPI
 * 3.0 document and says only what the annotations say. This filter is named in
 * {@code META-INF/microprofile-config.properties} ({@code mp.openapi.filter}); Payara calls it last, on the whole
 * document, on Payara Micro and Payara Server alike.
 * <ul>
 * <li>Payara copies the unset attributes of {@code @Schema} into the document as if they had been set: every object
 * gets {@code maxProperties: 0} (which would allow no property at all), a schema of a method's {@code @Parameter}
 * gets {@code minItems} above {@code maxItems}, every schema a dozen {@code false} and {@code 0} members, and a
 * default as text even for an integer. None of them is used by the contract: they are dropped.</li>
 * <li>Payara adds a top-level {@code endpoints} member (the paths by context root), which OpenAPI 3.0 does not allow
 * there (only {@code x-} extensions). No setting turns it off; it is a field of Payara's own document class, so it is
 * emptied through that class's setter, and Payara leaves an empty one out (payara/Payara#7891 renames it
 * {@code x-endpoints} in a later release, where the setter is gone and this does nothing).</li>
 * <li>Payara names each listener as a server with the context root {@code /} appended ({@code http://host:8080/}): a
 * trailing slash, which makes {@code server + path} read {@code //api/...}. It is cut off.</li>
 * <li>Payara writes the class a member's {@code implementation} names inline, so that the named schema of that class
 * is never referred to, and the copy of an array's items loses the class's {@code required} list. A member (or an
 * array's items) that is such a copy, an object schema with exactly the properties of a named schema, none of its
 * required members other than the named schema's, and no description of its own (or the same), becomes a
 * {@code $ref} to it.</li>
 * </ul>
 */
public class PayaraAdditionsFilter implements OASFilter {

    private static final Logger LOG = Logger.getLogger(PayaraAdditionsFilter.class.getName());

    @Override
    public void filterOpenAPI(OpenAPI document) {
        dropEndpoints(document);
        for (Server server : document.getServers()) {
            if (server.getUrl() != null && server.getUrl().length() > 1 && server.getUrl().endsWith("/")) {
                server.setUrl(server.getUrl().replaceAll("/+$", ""));
            }
        }
        if (document.getComponents() != null && document.getComponents().getSchemas() != null) {
            Map<String, Schema> named = document.getComponents().getSchemas();
            named.values().forEach(schema -> referToNamedSchemas(schema, named));
        }
    }

    private static void dropEndpoints(OpenAPI document) {
        try {
            document.getClass().getMethod("setEndpoints", Map.class).invoke(document, new TreeMap<>());
        } catch (NoSuchMethodException e) {
            // A Payara without the member: nothing to drop.
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not drop Payara's endpoints member from the OpenAPI document", e);
        }
    }

    /** Points each member of {@code schema} that is a copy of another named schema at that schema. */
    private static void referToNamedSchemas(Schema schema, Map<String, Schema> named) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Map.Entry<String, Schema> member : new TreeMap<>(schema.getProperties()).entrySet()) {
            Schema value = member.getValue();
            boolean array = value.getType() == Schema.SchemaType.ARRAY && value.getItems() != null;
            Schema inline = array ? value.getItems() : value;
            named.entrySet().stream()
                    .filter(candidate -> candidate.getValue() != schema && copyOf(inline, candidate.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .ifPresent(name -> {
                        Schema reference = OASFactory.createSchema().ref(name);
                        if (array) {
                            value.setItems(reference);
                        } else {
                            schema.addProperty(member.getKey(), reference);
                        }
                    });
        }
    }

    private static boolean copyOf(Schema inline, Schema named) {
        return inline.getRef() == null && inline.getType() == Schema.SchemaType.OBJECT
                && (inline.getDescription() == null || inline.getDescription().equals(named.getDescription()))
                && inline.getProperties() != null && named.getProperties() != null
                && inline.getProperties().keySet().equals(named.getProperties().keySet())
                && Set.copyOf(orEmpty(named.getRequired())).containsAll(orEmpty(inline.getRequired()));
    }

    private static List<String> orEmpty(List<String> names) {
        return names == null ? List.of() : names;
    }

    @Override
    public Schema filterSchema(Schema schema) {
        if (zero(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (zero(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (zero(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (Integer.valueOf(Integer.MAX_VALUE).equals(schema.getMaxLength())) {
            schema.setMaxLength(null);
        }
        if (Integer.valueOf(Integer.MIN_VALUE).equals(schema.getMaxItems())) {
            schema.setMaxItems(null);
        }
        if (Integer.valueOf(Integer.MAX_VALUE).equals(schema.getMinItems())) {
            schema.setMinItems(null);
        }
        if (schema.getMultipleOf() != null && schema.getMultipleOf().signum() == 0) {
            schema.setMultipleOf(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
            schema.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
            schema.setExclusiveMinimum(null);
        }
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getNullable())) {
            schema.setNullable(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        // A default given in an annotation is text: the integer parameters' defaults are numbers.
        if (schema.getType() == Schema.SchemaType.INTEGER && schema.getDefaultValue() instanceof String text
                && text.matches("-?\\d+")) {
            schema.setDefaultValue(new BigDecimal(text));
        }
        return schema;
    }

    private static boolean zero(Integer value) {
        return value != null && value == 0;
    }
}
