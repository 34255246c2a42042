"""The scripts Streamlit runs for each page: each only hands its page's `main` to `run_page`."""
