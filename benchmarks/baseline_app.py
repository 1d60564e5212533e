"""The trivial Streamlit page the app is measured against: one checkbox, nothing else."""

import streamlit as st

st.checkbox("A layer", value=True, key="layer")
