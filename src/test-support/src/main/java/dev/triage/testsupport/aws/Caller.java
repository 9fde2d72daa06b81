package dev.triage.testsupport.aws;

import java.net.URL;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The code that made an AWS call: the first stack frame outside the SDK, the JDK and generated proxies. It is production
 * code when it is a {@code dev.triage} class that was not compiled from test sources (Maven's
 * {@code test-classes}) and is not part of this test-support module.
 */
record Caller(String className, String method, int line, boolean production) {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    static Caller find() {
        return WALKER.walk(frames -> frames.filter(frame -> !infrastructure(frame.getClassName())).findFirst()
                .map(frame -> new Caller(frame.getClassName(), frame.getMethodName(), frame.getLineNumber(),
                        production(frame.getDeclaringClass())))
                .orElse(null));
    }

    String describe() {
        return className + "." + method + ":" + line;
    }

    /** The SDK, the JDK, this recorder, and the client proxies and subclasses Quarkus (ArC) generates around beans. */
    private static boolean infrastructure(String className) {
        return className.startsWith("software.amazon.awssdk.") || className.startsWith("java.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith(Caller.class.getPackageName() + ".")
                || className.contains("_ClientProxy") || className.contains("_Subclass");
    }

    static boolean production(Class<?> type) {
        String name = type.getName();
        if (!name.startsWith("dev.triage.") || name.startsWith("dev.triage.testsupport.")) {
            return false;
        }
        return location(type).map(location -> !location.contains("/test-classes/") && !location.endsWith("/test-classes"))
                .orElse(false);
    }

    /** Where the class file came from: its code source, else the class loader's resource for it. */
    static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            return Optional.of(source.getLocation().toString());
        }
        ClassLoader loader = type.getClassLoader();
        URL resource = loader == null ? null : loader.getResource(type.getName().replace('.', '/') + ".class");
        return Optional.ofNullable(resource).map(URL::toString);
    }
}
