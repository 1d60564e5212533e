"""Changes to Streamlit's own classes, each for a cost measured in the app; review them on a
Streamlit upgrade (tests/test_workarounds.py fails when a class they rely on changes)."""

from __future__ import annotations

from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec


def copy_sharing_bytes(self: UploadedFile, memo: dict) -> UploadedFile:
    """A copy of an uploaded file that shares its bytes until either is written (BytesIO's
    copy-on-write). Streamlit deep-copies every widget's value on every run, so that a page
    cannot change it: for an uploaded file that copied all its bytes, 0.18 s for 127 MB on every
    rerun of a session holding one. This copy is as independent, and copies nothing."""
    copied = UploadedFile(
        UploadedFileRec(self.file_id, self.name, self.type, self.getvalue()), self._file_urls
    )
    copied.seek(self.tell())
    return copied


def install() -> None:
    """Process-wide, once the app's modules are imported (ui.sidebar calls it)."""
    UploadedFile.__deepcopy__ = copy_sharing_bytes  # type: ignore[method-assign]
