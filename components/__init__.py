"""Streamlit building blocks shared by the pages (charts and maps builders stay Streamlit-free)."""
