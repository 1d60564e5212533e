"""ui.workarounds: what the app changes in Streamlit's own classes still works with the
Streamlit installed (a test here fails when a class it relies on changes)."""

from __future__ import annotations

import copy

from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from ui import workarounds

workarounds.install()


def test_streamlit_s_copy_of_an_uploaded_file_shares_its_bytes_and_stays_independent():
    """Streamlit deep-copies an uploader's value on every run: ui.sidebar's copy of an uploaded
    file shares its bytes (a 127 MB file was copied whole on every rerun) until one is written."""
    data = b"exporter,importer\n" * 1000
    original = UploadedFile(UploadedFileRec("file-1", "trade.csv", "text/csv", data), None)
    original.seek(7)
    copied = copy.deepcopy(original)
    assert copied.getvalue() is original.getvalue(), "the bytes were copied"
    assert (copied.file_id, copied.name, copied.type, copied.size, copied.tell()) == (
        "file-1",
        "trade.csv",
        "text/csv",
        len(data),
        7,
    )
    copied.seek(0)
    copied.write(b"EXPORTER")
    assert original.getvalue() == data and copied.getvalue().startswith(b"EXPORTER")
