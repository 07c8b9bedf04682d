"""The probe's command: fetching with the crawler's identity and bounds, and the report it prints."""

from __future__ import annotations

from crawler.sources.probe import MAX_BYTES, Fetched, Probe, ProbeError, probe


def host_is_private(host: str) -> bool:
    """True when `host` is, or resolves to, a private, loopback, link-local or reserved address."""
    import ipaddress
    import socket

    def private(address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%")[0])
        return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved \
            or ip.is_unspecified

    try:
        return private(host.strip("[]"))
    except ValueError:
        try:
            return any(private(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP))
        except (socket.gaierror, UnicodeError):
            return False  # the request itself reports the DNS error


class Fetcher:
    """GETs with the crawler's identity and bounds; private addresses (also after a redirect) only
    when allowed."""

    def __init__(self, user_agent: str, timeout: float = 15.0, allow_private: bool = False) -> None:
        import httpx

        self.allow_private = allow_private
        self.client = httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=True,
                                   max_redirects=5, event_hooks={"request": [self._guard]})

    def _guard(self, request) -> None:
        if not self.allow_private and host_is_private(request.url.host):
            raise ProbeError(f"{request.url}: 主机是内网或本机地址；确认后加 --allow-private 重试")

    def __call__(self, url: str) -> Fetched:
        import httpx

        try:
            with self.client.stream("GET", url) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_BYTES:
                        raise ProbeError(f"{url}: 页面超过 {MAX_BYTES // 1024 // 1024} MB")
                return Fetched(str(response.url), response.status_code,
                               response.headers.get("content-type", ""), bytes(body))
        except httpx.HTTPError as exc:
            raise ProbeError(f"{url}: 无法访问（{exc}）") from None

    def render(self, url: str, timeout_ms: int = 20_000) -> tuple[str, list[tuple[str, bytes]]]:
        """The page as Debian's Chromium renders it, and the JSON responses its scripts fetched; other
        hosts' requests and media are aborted, as in a `render: browser` crawl."""
        from urllib.parse import urlsplit

        from crawler.spiders.browser import CHROMIUM_ARGS, DEFAULT_EXECUTABLE, OffSourceFilter

        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        host = urlsplit(url).hostname or ""
        if not self.allow_private and host_is_private(host):
            raise ProbeError(f"{url}: 主机是内网或本机地址；确认后加 --allow-private 重试")
        blocked = OffSourceFilter([host])
        responses: list[tuple[str, bytes]] = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=DEFAULT_EXECUTABLE, args=CHROMIUM_ARGS, headless=True)
                try:
                    page = browser.new_page(user_agent=self.client.headers["User-Agent"])
                    page.route("**/*", lambda route: route.abort() if blocked(route.request) else route.continue_())

                    def keep(response):
                        if "json" in (response.headers.get("content-type") or ""):
                            try:
                                responses.append((response.url, response.body()[:MAX_BYTES]))
                            except PlaywrightError:
                                pass  # the page moved on before the body was read

                    page.on("response", keep)
                    page.goto(url, wait_until="networkidle", timeout=timeout_ms)
                    return page.content(), responses
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise ProbeError(f"{url}: 浏览器渲染失败（{str(exc).splitlines()[0]}）") from None

    def close(self) -> None:
        self.client.close()


def entry_yaml(entry: dict) -> str:
    """The entry as YAML to paste under `sources:`."""
    import yaml

    body = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    return "\n".join("  " + line if line else line for line in body.splitlines()) + "\n"


WHAT = {"rss": "RSS/Atom 订阅源", "sitemap": "站点地图", "gkmlpt": "gkmlpt 政府信息公开栏目", "json": "JSON 列表接口",
        "list": "HTML 列表页", "board": "留言板（列表页与留言页）", "article": "单篇文章"}


def format_probe(result: Probe, timezone: str = "Asia/Shanghai") -> str:
    """The probe's report for a terminal: what the URL is, the first articles, notes, the YAML."""
    from zoneinfo import ZoneInfo

    lines = [f"网址：{result.url}", f"识别为：{WHAT.get(result.what, result.what)}"]
    if result.samples:
        lines.append(f"前 {len(result.samples)} 篇文章（入库时的样子）：")
        for i, article in enumerate(result.samples, 1):
            when = (article["published_at"].astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
                    if article["published_at"] else "未识别")
            excerpt = " ".join(article["body"].split())[:100]
            lines += [f"  {i}. {article['title']}", f"     时间：{when}  区域：{article['district'] or '-'}",
                      f"     网址：{article['url']}", f"     正文：{excerpt}……"]
    for note in result.notes:
        lines.append(f"说明：{note}")
    lines += ["建议的来源配置（粘贴到 config/sources/*.yaml 的 sources: 之下）：", entry_yaml(result.entry)]
    return "\n".join(lines)


def cmd_probe(args, config) -> int:
    """`trustwatch sources probe URL`: print what the URL is and the entry to paste (`config`: a CrawlerConfig)."""
    import sys

    fetch = Fetcher(config.user_agent, timeout=config.page_timeout, allow_private=args.allow_private)
    try:
        result = probe(args.url, fetch, name=args.name, now=config.now)
    except ProbeError as exc:
        print(f"trustwatch sources probe: {exc}", file=sys.stderr)
        return 2
    finally:
        fetch.close()
    if args.allow_private:
        result.entry["allow_private"] = True
    print(format_probe(result, config.timezone))
    return 0 if result.samples else 1
