// Text typed into a form and not yet saved, kept in this browser until the form is saved or
// the draft discarded: a reload, a lost connection or a closed tab gives it back, and the
// form says so. A form's values live in the browser until it is submitted (Streamlit sends
// nothing before), so the browser is where they can be kept.
//
// Drafts are kept per person, strategy, form (its key without the revision, which changes at
// every save) and field (its label), in localStorage. Text stays text: values are
// set through the input's own setter, and notes are built with textContent.
export default function (component) {
  const { data } = component;
  const prefix = `draft|${data.scope}|`;
  const typed = 'textarea, input[type="text"], input:not([type])';
  const originals = new Map(); // element -> the value the server gave, for "discard"

  // A form is named by its submit button's key, "FormSubmitter-<form key>-<button label>",
  // where the form key ends with the revision (so that a save resets it): that part is cut.
  const formKey = (form) => {
    const submitter = form.querySelector('[class*="st-key-FormSubmitter-"]');
    const named = submitter && [...submitter.classList].find((c) => c.startsWith("st-key-FormSubmitter-"));
    if (!named) return null;
    const name = named.slice("st-key-FormSubmitter-".length);
    const at = name.lastIndexOf(`-${data.revision}-`);
    return at < 0 ? name : name.slice(0, at) + name.slice(at + `-${data.revision}`.length);
  };
  const keyOf = (el) => {
    const form = el.closest('[data-testid="stForm"]');
    const label = el.getAttribute("aria-label");
    const name = form && formKey(form);
    return form && label && name ? [form, `${prefix}${name}|${label}`] : [null, null];
  };
  const setValue = (el, value) => {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
    Object.getOwnPropertyDescriptor(proto.prototype, "value").set.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const forget = (form) => {
    const name = formKey(form);
    if (!name) return;
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith(`${prefix}${name}|`)) localStorage.removeItem(k);
    }
    form.querySelector(":scope .draft-note")?.remove();
  };
  const note = (form) => {
    if (form.querySelector(":scope .draft-note")) return;
    const box = document.createElement("div");
    box.className = "draft-note";
    box.setAttribute("role", "status");
    box.style.cssText =
      "display:flex;gap:.75rem;align-items:center;flex-wrap:wrap;padding:.5rem .75rem;margin-bottom:.5rem;" +
      "border-radius:.5rem;background:rgba(255,189,69,.18);font-size:.9rem";
    const text = document.createElement("span");
    text.textContent = data.restored;
    const discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = data.discard;
    discard.style.cssText = "border:1px solid currentColor;border-radius:.4rem;background:none;padding:.1rem .6rem;cursor:pointer";
    discard.onclick = () => {
      for (const [el, value] of originals) {
        if (form.contains(el)) {
          setValue(el, value);
          originals.delete(el);
        }
      }
      forget(form);
    };
    box.append(text, discard);
    form.prepend(box);
  };

  const onInput = (event) => {
    const el = event.target;
    if (!el.matches?.(typed) || el.dataset.draftRestoring) return;
    const [, key] = keyOf(el);
    if (key) localStorage.setItem(key, el.value);
  };
  const onClick = (event) => {
    const button = event.target.closest?.('[data-testid="stFormSubmitButton"] button');
    const form = button?.closest('[data-testid="stForm"]');
    if (form) forget(form);
  };
  const restore = () => {
    for (const el of document.querySelectorAll(`[data-testid="stForm"] :is(${typed})`)) {
      if (el.dataset.draftSeen) continue;
      el.dataset.draftSeen = "1";
      const [form, key] = keyOf(el);
      const kept = key && localStorage.getItem(key);
      if (kept === null || kept === undefined || kept === false || kept === el.value) continue;
      originals.set(el, el.value);
      el.dataset.draftRestoring = "1";
      setValue(el, kept);
      delete el.dataset.draftRestoring;
      note(form);
    }
  };

  let pending = null;
  const observer = new MutationObserver(() => {
    clearTimeout(pending);
    pending = setTimeout(restore, 150);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener("input", onInput, true);
  document.addEventListener("click", onClick, true);
  restore();
  return () => {
    observer.disconnect();
    clearTimeout(pending);
    document.removeEventListener("input", onInput, true);
    document.removeEventListener("click", onClick, true);
  };
}
