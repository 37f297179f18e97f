package io.incidentledger.query.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs we may POST to. A status page that calls any URL it is given is a way into the network it
 * runs in (SSRF): so a target must be http(s), and every address its host resolves to must be public, unless
 * {@code incident-ledger.webhooks.allow-private-networks=true} lets loopback and private networks in (a receiver
 * beside the service, tests). Link-local addresses (169.254.0.0/16, fe80::/10: the cloud metadata service) are
 * refused always. Checked when a subscriber is added and again right before each send, on the addresses resolved
 * then: a name that resolved to a public address at subscription may resolve to 127.0.0.1 later (DNS rebinding).
 */
@Component
public class WebhookTargets {

    /** Why a target is refused, in words fit for a problem detail. */
    public static final class RefusedTarget extends Exception {
        RefusedTarget(String reason) {
            super(reason, null, false, false);
        }
    }

    private final boolean allowPrivateNetworks;

    public WebhookTargets(@Value("${incident-ledger.webhooks.allow-private-networks:false}") boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** The URL as given, if it is one we may call; its host's addresses are resolved now. */
    public URI check(String url) throws RefusedTarget {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedTarget("the webhook is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedTarget("a webhook must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new RefusedTarget("a webhook URL needs a host and no user information");
        }
        resolve(uri.getHost());
        return uri;
    }

    /** Every address {@code host} resolves to now, if all of them are allowed. */
    public List<InetAddress> resolve(String host) throws RefusedTarget {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the webhook's host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || isLinkLocal4(address)) {
                throw new RefusedTarget("the webhook's host resolves to a link-local address, which is never allowed");
            }
            if (!allowPrivateNetworks && isPrivate(address)) {
                throw new RefusedTarget("the webhook's host resolves to a loopback or private address "
                        + "(allowed only with incident-ledger.webhooks.allow-private-networks=true)");
            }
        }
        return List.of(addresses);
    }

    private static boolean isLinkLocal4(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }

    private static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 (carrier-grade NAT), 0.0.0.0/8, 198.18.0.0/15 (benchmarking).
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 198 && (second & 0xfe) == 18);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7, unique local: IPv6's private networks. An IPv4-mapped address was already unwrapped by Java.
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
