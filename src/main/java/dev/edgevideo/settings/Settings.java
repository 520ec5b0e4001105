package dev.edgevideo.settings;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.util.StringHelper;

/**
 * The one way the service reads its settings: each feature has a settings class for its key prefix, bound here
 * the way camel-main binds its own groups ({@code camel.resilience4j.*} onto
 * {@code Resilience4jConfigurationProperties}): one mutable class per group, defaults in its fields, documented
 * on its setters, nested groups reached through a getter ({@code edgevideo.redis.tls.*} through
 * {@code getTls()}). The keys are derived from the setters ({@code setTtlSeconds} is {@code ttl-seconds}), so the
 * list of known keys is the settings classes, not a list kept by hand.
 * <p>
 * Each key is resolved through Camel's properties component, so a system property or an environment variable
 * overrides the file as for every other key, and converted by Camel's property binding. A value of the wrong
 * type, or one a feature's check refuses ({@link #invalid}), stops start-up with one {@link ConfigurationException}
 * in one format: the key, the value, what is expected, and where to fix it.
 */
public final class Settings {

    /** Whole numbers only: Camel's binding would also read {@code 5s} (or {@code 1.5G}, as 0) into a number. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    /** A setter (a key) or a getter (of a nested group), with the property's name. */
    private static final Pattern ACCESSOR = Pattern.compile("(set|get)([A-Z]\\w*)");

    private final CamelContext camelContext;

    public Settings(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /**
     * Sets every key under {@code prefix} that has a value onto {@code target}'s setters, and returns the target.
     *
     * @throws ConfigurationException naming the first key whose value does not convert
     */
    public <T> T bind(String prefix, T target) {
        keys(prefix, target.getClass()).forEach((key, type) -> camelContext.getPropertiesComponent()
                .resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty())
                .ifPresent(value -> bind(target, prefix, key, value, type)));
        return target;
    }

    private void bind(Object target, String prefix, String key, String value, Class<?> type) {
        Class<?> boxed = ObjectHelper.convertPrimitiveTypeToWrapperType(type);
        if (!convertible(value, boxed)) {
            throw invalid(key, value, expected(boxed));
        }
        String path = StringHelper.dashToCamelCase(key.substring(prefix.length()));
        try {
            PropertyBindingSupport.build().withMandatory(true).bind(camelContext, target, path, value);
        } catch (RuntimeException e) {
            throw invalid(key, value, expected(boxed), e);
        }
    }

    private static boolean convertible(String value, Class<?> boxed) {
        if (boxed == Integer.class || boxed == Long.class) {
            return WHOLE_NUMBER.matcher(value).matches();
        }
        if (boxed == Boolean.class) {
            return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        }
        if (boxed == Double.class) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static String expected(Class<?> boxed) {
        return boxed == Integer.class || boxed == Long.class ? "a whole number"
                : boxed == Double.class ? "a decimal number"
                : boxed == Boolean.class ? "true or false"
                : boxed.isEnum() ? "one of " + Arrays.stream(boxed.getEnumConstants())
                        .map(constant -> constant.toString().toLowerCase(Locale.ROOT).replace('_', '-')).toList()
                : "a " + boxed.getSimpleName();
    }

    /**
     * The keys of a settings class under {@code prefix}, with the type each is bound to: one per setter, and those of
     * the nested groups its getters return.
     */
    public static Map<String, Class<?>> keys(String prefix, Class<?> settingsClass) {
        Map<String, Class<?>> keys = new TreeMap<>();
        for (Method method : settingsClass.getMethods()) {
            Matcher accessor = ACCESSOR.matcher(method.getName());
            if (Modifier.isStatic(method.getModifiers()) || !accessor.matches()) {
                continue;
            }
            String key = prefix + StringHelper.camelCaseToDash(accessor.group(2));
            if (accessor.group(1).equals("set") && method.getParameterCount() == 1) {
                keys.put(key, method.getParameterTypes()[0]);
            } else if (accessor.group(1).equals("get") && method.getParameterCount() == 0
                       && isGroup(method.getReturnType())) {
                keys.putAll(keys(key + ".", method.getReturnType()));
            }
        }
        return keys;
    }

    /**
     * The values of a settings object under {@code prefix} as {@code key=value} pairs in key order, read through the
     * getter of each key's setter: the settings in force for a log line or a JMX attribute, without a hand-kept list
     * of the fields.
     */
    public static String describe(String prefix, Object settings) {
        StringJoiner values = new StringJoiner(", ");
        keys(prefix, settings.getClass()).keySet().forEach(key -> values.add(key + "=" + read(settings,
                key.substring(prefix.length()))));
        return values.toString();
    }

    private static Object read(Object settings, String path) {
        Object value = settings;
        for (String name : path.split("\\.")) {
            String property = StringHelper.capitalize(StringHelper.dashToCamelCase(name));
            Object target = value;
            Method getter = Arrays.stream(target.getClass().getMethods())
                    .filter(m -> m.getParameterCount() == 0 && (m.getName().equals("get" + property)
                                                                || m.getName().equals("is" + property)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            target.getClass().getName() + " has no getter for " + path));
            try {
                value = getter.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + path + " of " + target.getClass().getName(), e);
            }
        }
        return value;
    }

    /** A nested group: a settings class of this application, reached by a getter and bound in place. */
    private static boolean isGroup(Class<?> type) {
        return type.getPackageName().startsWith("dev.edgevideo") && !type.isEnum() && !type.isRecord();
    }

    /**
     * The error for a value a feature refuses, in the one format of every setting: the key, the value, what is
     * expected, and where to change it.
     */
    public static ConfigurationException invalid(String key, Object value, String expected) {
        return invalid(key, value, expected, null);
    }

    private static ConfigurationException invalid(String key, Object value, String expected, Throwable cause) {
        return new ConfigurationException(key + " = '" + value + "' is not valid: expected " + expected
                                          + "; fix it in application.properties (or the environment variable "
                                          + KnownKeys.environmentVariable(key) + ")", cause);
    }

    /** Fails with {@link #invalid} unless {@code valid}. */
    public static void require(boolean valid, String key, Object value, String expected) {
        if (!valid) {
            throw invalid(key, value, expected);
        }
    }
}
