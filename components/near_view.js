// Shared by the app's elements drawn in the page (prepended to their code: `near_view.py`).
//
// `then()` once `box` comes within a quarter of a screen of the view (the page scrolls inside
// Streamlit's main area: `scrollMargin`). A map or a chart below the fold on arrival is drawn as
// it is scrolled to, not with the page: the assessment's map (300 communes) took ~100 ms of every
// switch to its page, and the axes' first visit went from 260-420 to 180-230 ms without its
// coverage of 60 issues, for what nobody saw yet. Drawn from a quarter of a screen away, it is
// there when it comes into view.
const NEAR = "25% 0px";

function whenNear(box, then) {
  const watcher = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    watcher.disconnect();
    box.__near = null;
    then();
  }, { rootMargin: NEAR, scrollMargin: NEAR });
  watcher.observe(box);
  box.__near = watcher;
}
