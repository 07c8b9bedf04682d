"""Article links of a list page without selectors: headline links kept; navigation, pagination,
"more" links, comment anchors, off-site links and ads left out. And the list's next page."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from crawler.extract.generic import CJK, clean_text, parse_html

NOT_ARTICLES = ("nav", "header", "footer", "aside")
ZONE = re.compile(r"(?:^|[\s_-])(?:nav|menu|footer|foot|breadcrumb|crumb|position|location|pager?|pagination|"
                  r"pages|ad|ads|advert|banner|sponsor|share|toolbar|login|copyright)(?:$|[\s_-])", re.I)
PAGING = re.compile(r"^(?:首页|尾页|上一页|下一页|上页|下页|末页|展开|返回|\d+|[<>«»]+)$|^(?:查看更多|阅读更多|点击查看|more\b)|^更多.{0,4}$", re.I)
INDEX_PATH = re.compile(r"(?:/|/index(?:_\d+)?\.\w+|/list[_\w-]*\.\w+|/default\.\w+|\.xml|\.rss)$", re.I)
MIN_CJK = 6  # a headline; 首页, 本地, 评论 and the like are shorter


def _site(host: str) -> str:
    """The registrable part of a host, roughly: the last two labels, three under .com.cn/.gov.cn etc."""
    labels = host.lower().split(".")
    if len(labels) >= 3 and labels[-2] in ("com", "gov", "org", "net", "edu", "ac") and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _in_zone(node) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in NOT_ARTICLES:
            return True
        if ZONE.search((parent.get("class") or "") + " " + (parent.get("id") or "")):
            return True
        parent = parent.getparent()
    return False


def extract_article_links(text: str, base_url: str) -> list[str]:
    """Absolute article URLs on a list page, in page order, each once (fragments dropped)."""
    root = parse_html(text)
    return [] if root is None else article_links(root, base_url)


def article_links(root, base_url: str) -> list[str]:
    """extract_article_links on a parsed page (crawler.extract.generic.parse_html)."""
    site = _site(urlsplit(base_url).hostname or "")
    seen: set[str] = set()
    out: list[str] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        if (a.get("rel") or "").lower() in ("sponsored", "nofollow sponsored"):
            continue
        label = clean_text(a.text_content()) or clean_text(a.get("title"))
        if PAGING.match(label) or len(CJK.findall(label)) < MIN_CJK:
            continue
        url, _ = urldefrag(urljoin(base_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or _site(parts.hostname or "") != site:
            continue
        if INDEX_PATH.search(parts.path) or url in seen or _in_zone(a):
            continue
        seen.add(url)
        out.append(url)
    return out


NEXT_LABEL = re.compile(r"^(?:下一页|下页|后一页|next(?:\s*page)?|[>›»]|>>)$", re.I)


def next_page_link(root, base_url: str) -> str | None:
    """The absolute URL of the list's next page: <link rel=next>, else the first on-site link labelled
    下一页/下页/next/›; None on the last page (a link back to the page itself or to `#`)."""
    site = _site(urlsplit(base_url).hostname or "")
    here = urldefrag(base_url)[0]
    anchors = [n for n in root.iter("link") if (n.get("rel") or "").lower() == "next"]
    anchors += [a for a in root.iter("a") if "next" in (a.get("rel") or "").lower().split()
                or NEXT_LABEL.match(clean_text(a.text_content()) or clean_text(a.get("title")))]
    for node in anchors:
        href = (node.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and _site(parts.hostname or "") == site and url != here:
            return url
    return None
