#!/usr/bin/python3
"""tests/browser.py - mcsched's pages in a real browser: headless Chromium
driven by Selenium (Debian's python3-selenium and chromium-driver, which
`make deps` installs).

  browser.py check PAGE [--late-filter] [--units N] [--widths W,W]
      Opens PAGE (a file) at each width (default 1400,390) and fails
      (exit 1, a line on stderr each) when the page is wider than the
      window (document scrollWidth > window innerWidth), when it asks for
      anything over the network, when --late-filter and typing the first
      late order's id into the late table's filter does not narrow it to
      the rows holding that id, or when --units N and the timeline does
      not hold N units (one element per planned unit).  Prints what it
      measured, a line each.
  browser.py time PAGE
      Prints the seconds Chromium takes to open PAGE (navigation start to
      the load event, from the page's own timing) and the page's size.
  browser.py shot PAGE OUT.png WIDTH HEIGHT [SELECTOR]
      Saves a screenshot of PAGE (a file, or an http:// URL) in a window
      WIDTH x HEIGHT, scrolled to SELECTOR (a CSS selector) when given.

Exit 2 when the browser cannot run (not installed, or it does not
start): the caller fails with that message, it never skips.
"""
import json
import os
import shutil
import sys
import tempfile

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError as e:
    sys.stderr.write("browser.py: python3-selenium is not installed "
                     "(make deps installs it): %s\n" % e)
    sys.exit(2)

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def browser(width, height):
    for path, pkg in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            sys.stderr.write("browser.py: %s is missing (Debian package "
                             "%s; make deps installs it)\n" % (path, pkg))
            sys.exit(2)
    profile = tempfile.mkdtemp(prefix="mcsched-chromium-")
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--hide-scrollbars",
              "--disable-dev-shm-usage", "--force-device-scale-factor=1",
              "--user-data-dir=" + profile,
              "--window-size=%d,%d" % (width, height)):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    try:
        d = webdriver.Chrome(service=Service(DRIVER), options=o)
    except Exception as e:  # the driver or the browser did not start
        shutil.rmtree(profile, ignore_errors=True)
        sys.stderr.write("browser.py: chromium did not start: %s\n" % e)
        sys.exit(2)
    d.set_page_load_timeout(120)
    d.profile_dir = profile
    # the window's inner width is what the page gets: make it exact
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height,
                       "deviceScaleFactor": 1, "mobile": width < 600})
    return d


def close(d):
    d.quit()
    shutil.rmtree(d.profile_dir, ignore_errors=True)


def url(page):
    if page.startswith(("http://", "https://")):
        return page
    return "file://" + os.path.abspath(page)


def requests(d, page):
    """The URLs the page asked for, other than itself (the browser's own
    chrome:// pages, its start page, do not count)."""
    seen = []
    for entry in d.get_log("performance"):
        m = json.loads(entry["message"])["message"]
        if m.get("method") != "Network.requestWillBeSent":
            continue
        u = m["params"]["request"]["url"]
        if u.split("#")[0] == url(page) or u.startswith(
                ("data:", "chrome:", "chrome-extension:", "about:")):
            continue
        seen.append(u)
    return seen


def check(page, widths, late_filter, units):
    bad = []
    for w in widths:
        d = browser(w, 900)
        try:
            d.get_log("performance")  # the browser's start, not the page's
            d.get(url(page))
            sw = d.execute_script(
                "return document.documentElement.scrollWidth")
            iw = d.execute_script("return window.innerWidth")
            print("%s at %d px: scrollWidth %d, innerWidth %d" %
                  (os.path.basename(page), w, sw, iw))
            if sw > iw:
                bad.append("at %d px the page is %d px wide" % (w, sw))
            for u in requests(d, page):
                bad.append("a network request: %s" % u)
            if late_filter and w == widths[0]:
                bad += filter_narrows(d)
            if units is not None and w == widths[0]:
                n = d.execute_script(
                    "return document.querySelectorAll('table.tl i').length")
                print("timeline units: %d (want %d)" % (n, units))
                if n != units:
                    bad.append("the timeline holds %d units, not %d" %
                               (n, units))
                bad += click_marks(d)
        finally:
            close(d)
    for b in bad:
        sys.stderr.write("browser.py: %s: %s\n" % (page, b))
    return 1 if bad else 0


def filter_narrows(d):
    """Typing an order id into the late table's filter leaves the rows
    holding it, and fewer than before; clearing it shows them all.  (The
    rows are read in the page, one round trip: a WebDriver call per row
    is slow at 200 rows.)"""
    shown = ("return Array.prototype.filter.call(document.querySelectorAll("
             "'#late-orders tbody tr'), function(r) {"
             " return r.getClientRects().length > 0; })"
             ".map(function(r) { return r.textContent; })")
    before = d.execute_script(shown)
    if len(before) < 2:
        return ["the late table has %d rows: nothing to narrow" %
                len(before)]
    box = d.find_element(By.CSS_SELECTOR, "input.filter")
    want = d.execute_script(
        "var r = document.querySelectorAll('#late-orders tbody tr');"
        "return r[r.length - 1].cells[0].textContent")
    box.send_keys(want)
    after = d.execute_script(shown)
    print("late filter '%s': %d of %d rows" % (want, len(after),
                                               len(before)))
    bad = []
    if not after or len(after) >= len(before):
        bad.append("filtering the late table by '%s' leaves %d of %d rows"
                   % (want, len(after), len(before)))
    if any(want not in r for r in after):
        bad.append("a row without '%s' stays" % want)
    box.clear()
    d.execute_script("arguments[0].dispatchEvent(new Event('input'))",
                     box)
    if len(d.execute_script(shown)) != len(before):
        bad.append("clearing the filter does not show every row")
    return bad


def click_marks(d):
    """A click on a unit of the timeline marks every unit of its order
    and no other (the order with the most units, its last unit)."""
    last = d.execute_script(
        "var n = {}, best = null, e = null;"
        "document.querySelectorAll('table.tl i').forEach(function(u) {"
        " var o = u.getAttribute('data-o'); n[o] = (n[o] || 0) + 1;"
        " if (!best || n[o] >= n[best]) best = o; });"
        "document.querySelectorAll('table.tl i').forEach(function(u) {"
        " if (u.getAttribute('data-o') === best) e = u; });"
        "if (e) e.scrollIntoView({block:'center'});"
        "return e")
    if last is None:
        return ["the timeline is empty"]
    order = last.get_attribute("data-o")
    last.click()
    marked, want, others = d.execute_script(
        "var o = arguments[0], hl = 0, want = 0, others = 0;"
        "document.querySelectorAll('table.tl i').forEach(function(e) {"
        " var mine = e.getAttribute('data-o') === o,"
        "  on = e.classList.contains('hl');"
        " want += mine; hl += on; others += on && !mine; });"
        "return [hl, want, others]", order)
    print("click on %s: %d units marked" % (order, marked))
    if marked != want or others:
        return ["a click on %s marks %d units (%d of other orders), not "
                "its %d" % (order, marked, others, want)]
    return []


def time_open(page):
    d = browser(1400, 900)
    try:
        d.get(url(page))
        t = d.execute_script(
            "var n=performance.getEntriesByType('navigation')[0];"
            "return n.loadEventEnd - n.startTime")
        print("%.2f s to open %s (%.1f MB)" %
              (t / 1000.0, os.path.basename(page),
               os.path.getsize(page) / 1e6))
    finally:
        close(d)
    return 0


def shot(page, out, width, height, selector):
    d = browser(width, height)
    try:
        d.get(url(page))
        if selector:
            d.execute_script(
                "document.querySelector(arguments[0]).scrollIntoView()",
                selector)
        d.save_screenshot(out)
    finally:
        close(d)
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "check":
        widths, late, units = [1400, 390], False, None
        rest = argv[3:]
        while rest:
            a = rest.pop(0)
            if a == "--late-filter":
                late = True
            elif a == "--units" and rest:
                units = int(rest.pop(0))
            elif a == "--widths" and rest:
                widths = [int(x) for x in rest.pop(0).split(",")]
            else:
                sys.stderr.write("browser.py: unknown option '%s'\n" % a)
                return 2
        return check(argv[2], widths, late, units)
    if len(argv) == 3 and argv[1] == "time":
        return time_open(argv[2])
    if len(argv) in (6, 7) and argv[1] == "shot":
        return shot(argv[2], argv[3], int(argv[4]), int(argv[5]),
                    argv[6] if len(argv) == 7 else None)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
