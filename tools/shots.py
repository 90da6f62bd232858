"""Screenshots of pages as a demo role, on a desktop and on a 390×844 phone, in Debian's Chromium.

Usage: .venv/bin/python tools/shots.py [--base http://127.0.0.1:8000] [--role director] [--lang en]
                                        [--out var/shots] [--full] URL-PATH ...
Each page is saved as <out>/<role>-<desktop|phone>-<path>.png and its size is printed, with the
width the page needs when it is wider than the screen (a page that scrolls sideways).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDEST = """() => {
  const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  let widest = document.documentElement.scrollWidth;
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect().right; if (r > widest && !clipped(e)) widest = r; }
  return Math.round(widest); }"""
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def visit(page, url: str, attempts: int = 5):
    """Open the page; retry while a reloading development server drops the connection."""
    for attempt in range(attempts):
        try:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1200)  # chart animations end
            return response
        except Exception as exc:
            if attempt == attempts - 1:
                raise
            print(f"retrying {url}: {exc}".splitlines()[0])
            time.sleep(3)


def sign_in(page, base: str, username: str, password: str, attempts: int = 5) -> None:
    for _attempt in range(attempts):
        visit(page, f"{base}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        try:
            page.click("#login-button")
            page.wait_for_load_state()
        except Exception as exc:
            print(f"retrying the login: {exc}".splitlines()[0])
        if "/accounts/login/" not in page.url:
            return
        time.sleep(3)
    raise SystemExit(f"could not sign in as {username}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--role", default="director", help="a demo user name, or 'anonymous'")
    parser.add_argument("--password", default="investdesk-demo")
    parser.add_argument("--lang", default="zh-hans")
    parser.add_argument("--out", default="var/shots")
    parser.add_argument("--screens", default="desktop,phone")
    parser.add_argument("--full", action="store_true", help="the whole page, not only the first screen")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        for screen in args.screens.split(","):
            context = browser.new_context(locale="zh-CN", viewport=SCREENS[screen])
            page = context.new_page()
            if args.role != "anonymous":
                sign_in(page, args.base, args.role, args.password)
            if args.lang != "zh-hans":
                page.goto(f"{args.base}/portal/" if args.role == "anonymous" else f"{args.base}/dashboard/")
                page.click(f"#switch-language-{args.lang}")
                page.wait_for_load_state()
            for path in args.paths:
                response = visit(page, args.base + path)
                name = re.sub(r"[^\w]+", "_", path).strip("_") or "root"
                target = out / f"{args.role}-{screen}-{args.lang}-{name}.png"
                page.screenshot(path=str(target), full_page=args.full)
                # The widest element outside a box that scrolls or clips on its own (a table in
                # .table-responsive, the module strip): what makes the whole page scroll sideways.
                width = page.evaluate(WIDEST)
                height = page.evaluate("document.documentElement.scrollHeight")
                wide = f"  SCROLLS SIDEWAYS ({width}px)" if width > SCREENS[screen]["width"] else ""
                print(f"{response.status if response else '?'} {target} {width}×{height}{wide}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
