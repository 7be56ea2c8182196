package io.notifications.api.contract;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Payara copies the unset attributes of {@code @Schema} into the document as if they had been set: every object
 * gets {@code maxProperties: 0} (which would allow no property at all), a schema of a method's {@code @Parameter}
 * gets {@code minItems} above {@code maxItems}, every schema a dozen {@code false} and {@code 0} members, and
 * a default as text even for an integer. This
 * filter, named in {@code META-INF/microprofile-config.properties} ({@code mp.openapi.filter}), drops those values,
 * none of which the contract uses, so that each schema says only what was written.
 */
public class AnnotationDefaultsFilter implements OASFilter {

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
