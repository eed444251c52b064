"""A bare two-page Streamlit app: what a page switch and a button click cost in the browser
with nothing of ours in them (the baseline of `python -m benchmarks.browser`)."""

import streamlit as st


def first() -> None:
    st.title("First")
    if st.button("Save"):
        st.toast("Saved")


def second() -> None:
    st.title("Second")


st.navigation([st.Page(first, title="First", url_path="first", default=True), st.Page(second, title="Second")]).run()
