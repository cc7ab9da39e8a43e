"""Scripts the browser tests run inside a page: what a person would notice, measured."""

PHONE = {"width": 360, "height": 740}  # a small Android phone, in CSS pixels
DESKTOP = {"width": 1280, "height": 900}

# Shared by the probes: is an element drawn, and drawn for sighted people?
_HELPERS = """
const shown = (el) => {
  if (!el.getClientRects().length) return false;
  // A closed <details> keeps boxes for what it hides, but nobody sees or reaches it.
  const folded = el.closest("details:not([open])");
  if (folded && !el.closest("summary") && el !== folded) return false;
  const style = getComputedStyle(el);
  return style.visibility !== "hidden" && style.display !== "none";
};
const screenReaderOnly = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const box = e.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) return true;
  }
  return false;
};
const focusable = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), '
  + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
const describe = (el) => {
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || el.id || "")
    .replace(/\\s+/g, " ").trim().slice(0, 60);
  return `<${el.tagName.toLowerCase()}${el.getAttribute("href") ? " href=" + el.getAttribute("href") : ""}> ${text}`;
};
// WCAG's target-size rules exempt a link inside a sentence: it cannot be 44px wide.
const inSentence = (el) => {
  if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
  const block = el.parentElement.closest("p, li, dd, dt, td, th, figcaption, blockquote");
  if (!block) return false;
  const squash = (s) => s.replace(/\\s+/g, "");
  return squash(block.textContent).length > squash(el.textContent).length;
};
"""

PHONE_PROBLEMS = (
    "() => {"
    + _HELPERS
    + """
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll("body *")].filter(
      (el) => shown(el) && el.getBoundingClientRect().right > root.clientWidth + 0.5
    ).slice(0, 5).map(describe);
    problems.push(`scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px; too wide: ${wide.join(" | ")}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !el || el.closest("script, style, title, desc") || !shown(el) || screenReaderOnly(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);  // a drawing's text is as big as it is drawn
    }
    if (size < 15.95) problems.push(`text ${size.toFixed(1)}px: "${text.slice(0, 40)}"`);
  }
  for (const el of document.querySelectorAll(focusable)) {
    if (!shown(el) || screenReaderOnly(el) || inSentence(el)) continue;
    let box = el.getBoundingClientRect();
    let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
    // A tick box's label is part of its target: tapping the words ticks it.
    for (const label of (el.labels || [])) {
      const l = label.getBoundingClientRect();
      [left, top] = [Math.min(left, l.left), Math.min(top, l.top)];
      [right, bottom] = [Math.max(right, l.right), Math.max(bottom, l.bottom)];
    }
    const [w, h] = [right - left, bottom - top];
    if (w < 43.5 || h < 43.5) problems.push(`target ${w.toFixed(0)}x${h.toFixed(0)}px: ${describe(el)}`);
  }
  return problems;
}"""
)

# Number every element a keyboard should reach; return their descriptions in order.
MARK_FOCUSABLE = (
    "() => {"
    + _HELPERS
    + """
  // Tab stops once in a group of radio buttons: on the chosen one, else the first.
  const oneStop = (el) => {
    if (el.type !== "radio" || !el.name) return true;
    const group = [...el.form.querySelectorAll("input[type=radio]")].filter((r) => r.name === el.name);
    const chosen = group.find((r) => r.checked);
    return el === (chosen || group[0]);
  };
  const found = [...document.querySelectorAll(focusable)].filter(
    (el) => shown(el) && el.tabIndex >= 0 && !el.closest("[inert]") && oneStop(el)
  );
  // Chromium lets the keyboard into a box that scrolls and holds nothing focusable.
  for (const el of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth
        && !el.querySelector(focusable)) found.push(el);
  }
  found.sort((a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  found.forEach((el, i) => el.setAttribute("data-kb", String(i)));
  return found.map(describe);
}"""
)

# Where the keyboard focus is, and whether a sighted person can see it there.
FOCUS_STATE = (
    "() => {"
    + _HELPERS
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  let ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  if (!ring && el instanceof SVGElement) {
    // The spine picture's links light up their label box instead of an outline.
    const box = el.querySelector(".xs-hit");
    ring = !!box && parseFloat(getComputedStyle(box).strokeWidth) >= 4;
  }
  const r = el.getBoundingClientRect();
  const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  return {kb: el.getAttribute("data-kb"), what: describe(el), ring, inView};
}"""
)

# For print: what is still drawn, what each link prints after itself, and the
# address printed under each source.
PRINT_STATE = (
    "() => {"
    + _HELPERS
    + """
  const visible = (sel) => [...document.querySelectorAll(sel)].filter(shown).map(describe);
  const links = [...document.querySelectorAll("main a[href], footer a[href]")]
    .filter((a) => shown(a) && !a.closest("svg") && !a.getAttribute("href").startsWith("#"))
    .map((a) => {
      const address = a.closest(".sources li")?.querySelector(".source-address");
      return {what: describe(a), href: a.getAttribute("href"),
              after: getComputedStyle(a, "::after").content,
              source: !!address, printed: address && shown(address) ? address.textContent : null};
    });
  const callouts = [...document.querySelectorAll(".care-card")].map((el) => {
    const s = getComputedStyle(el);
    return {shown: shown(el), border: s.borderTopColor, color: s.color,
            background: s.backgroundColor, text: el.textContent.trim().slice(0, 40)};
  });
  return {
    chrome: visible(".site-header, nav, .skip-link, form, .search-form, button, input, textarea, .related, .feedback"),
    links, callouts,
  };
}"""
)

# Every link inside a sentence of a list, and how it is laid out: a link that shares
# its item with other words must be inline, so the sentence reads on one line.
LIST_SENTENCE_LINKS = (
    "() => {"
    + _HELPERS
    + """
  const squash = (s) => s.replace(/\\s+/g, "");
  return [...document.querySelectorAll("main li a[href]")]
    .filter((a) => shown(a) && !a.closest("svg"))
    .filter((a) => squash(a.closest("li").textContent).length > squash(a.textContent).length)
    .filter((a) => !a.closest(".sources, .toc, .related, .page-list, .tumor-types, .section-list"))
    .map((a) => ({what: describe(a), display: getComputedStyle(a).display}));
}"""
)


def assert_no_problems(found):
    """found: {page name: [problem, ...]}; fail listing every problem on every page."""
    bad = [
        f"{name}: {problem}" for name, problems in found.items() for problem in problems
    ]
    assert not bad, f"{len(bad)} problem(s):\n" + "\n".join(bad)
