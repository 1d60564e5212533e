"""The Streamlit page in a few small modules: state and links, cached loaders, the sidebar, the
map, and the panels around it. Only app.py and this package import Streamlit; geo/ never does."""
