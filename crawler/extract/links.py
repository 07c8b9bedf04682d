"""Article links of a list page without selectors: headline links kept; navigation, pagination,
"more" links, comment anchors, off-site links and ads left out."""

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
    if root is None:
        return []
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
