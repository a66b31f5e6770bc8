//! Where a webhook may be delivered: an `http(s)://` URL without credentials, whose host resolves
//! only to public addresses — unless the deployment allows loopback and private ones
//! (`MAMORI_WEBHOOKS_ALLOW_PRIVATE`). A subscription must not become a way into the internal
//! network (SSRF): the addresses are checked at every delivery, and the connection goes to the
//! address checked (no second lookup, no redirect followed).

use std::net::{IpAddr, SocketAddr};

use reqwest::Url;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("not an http:// or https:// URL without credentials (at most 2000 characters)")]
    Malformed,
    #[error("{0} does not resolve")]
    Unresolved(String),
    #[error("{0} is a loopback, private or reserved address (MAMORI_WEBHOOKS_ALLOW_PRIVATE)")]
    Private(IpAddr),
}

/// The URL, if it is one a webhook may name.
pub fn parse(url: &str) -> Result<Url, TargetError> {
    let url = url.trim();
    if url.len() > 2000 {
        return Err(TargetError::Malformed);
    }
    let parsed = Url::parse(url).map_err(|_| TargetError::Malformed)?;
    let fits = matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some_and(|h| !h.is_empty())
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.fragment().is_none();
    if fits {
        Ok(parsed)
    } else {
        Err(TargetError::Malformed)
    }
}

/// Whether an address is one only the local host or network reaches.
pub fn is_private(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                // 100.64.0.0/10 (carrier-grade NAT), 198.18.0.0/15 (benchmarking), 240.0.0.0/4.
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 (unique local), fe80::/10 (link local), 2001:db8::/32 (documentation).
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// The addresses to connect to for `url`: every one its host resolves to, all of them allowed.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<Vec<SocketAddr>, TargetError> {
    let host = url.host_str().ok_or(TargetError::Malformed)?;
    let port = url.port_or_known_default().ok_or(TargetError::Malformed)?;
    // `[::1]` as the URL writes it; lookup_host wants it bare.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|_| TargetError::Unresolved(host.to_owned()))?
        .collect();
    if addresses.is_empty() {
        return Err(TargetError::Unresolved(host.to_owned()));
    }
    if !allow_private {
        if let Some(private) = addresses.iter().find(|a| is_private(a.ip())) {
            return Err(TargetError::Private(private.ip()));
        }
    }
    Ok(addresses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_without_credentials() {
        assert!(parse("https://example.jp/hooks/mamori?x=1").is_ok());
        assert!(parse("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "ftp://example.jp/",
            "https://user:pw@example.jp/",
            "/relative",
            "https://example.jp/#frag",
            "javascript:alert(1)",
        ] {
            assert_eq!(parse(bad), Err(TargetError::Malformed), "{bad}");
        }
    }

    #[test]
    fn loopback_private_and_reserved_addresses_are_private() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["203.0.114.1", "8.8.8.8", "2404:6800:4004::1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[tokio::test]
    async fn a_name_for_loopback_is_refused_unless_allowed() {
        let url = parse("http://localhost:9/").unwrap();
        assert!(matches!(
            resolve(&url, false).await,
            Err(TargetError::Private(_))
        ));
        assert!(!resolve(&url, true).await.unwrap().is_empty());
    }
}
