package dev.celestial.db;

/**
 * A node's URL over a list of hosts: r2dbc-postgresql's {@code failover} protocol, which tries the hosts in
 * order on each new connection and keeps the first whose role ({@code SHOW transaction_read_only}) fits
 * {@code targetServerType}. So new connections follow a promotion without a restart; pooled ones are
 * retired by what finds them broken or on the wrong node (validation, {@link ConnectionEpochs}).
 */
final class HostList {

    static final String PRIMARY = "primary";
    static final String PREFER_SECONDARY = "preferSecondary";

    private HostList() {
    }

    /**
     * {@code url} with its host and port replaced by {@code hosts} ({@code host:port,host:port}) and the
     * target type added; {@code url} unchanged when {@code hosts} is blank.
     */
    static String url(String url, String hosts, String targetServerType) {
        if (hosts == null || hosts.isBlank()) {
            return url;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0 || !url.startsWith("r2dbc:postgresql")) {
            throw new IllegalArgumentException("celestial.db url must be r2dbc:postgresql://..., was " + url);
        }
        String rest = url.substring(scheme + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int at = rest.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String authority = rest.substring(0, end);
        String userInfo = authority.contains("@") ? authority.substring(0, authority.lastIndexOf('@') + 1) : "";
        String tail = rest.substring(end);
        if (!tail.contains("targetServerType=")) {
            tail += (tail.contains("?") ? "&" : "?") + "targetServerType=" + targetServerType;
        }
        return "r2dbc:postgresql:failover://" + userInfo + hosts.replace(" ", "") + tail;
    }
}
