"""The contents manager of a team's JupyterLab (``make workshop`` and the room's seats): a new
untitled notebook or file made in a curriculum folder goes to the studies folder (a folder is refused there).

JupyterLab's launcher makes "Untitled.ipynb" in the file browser's folder, which is workbooks/
most of the time: inside the tracked tree, where a team's scratch work (run against its study,
so perhaps with personal data in its outputs) would be committed or shared with the workbooks.
jupyter_server has no option for this, so ``new_untitled`` is overridden and nothing else.
"""
from __future__ import annotations

import os
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado.web import HTTPError
from traitlets import Unicode, default

from helpers.core.session import studies_dir
from helpers.serve import CURRICULUM_FOLDERS

__all__ = ["CurriculumContentsManager"]


class CurriculumContentsManager(AsyncLargeFileManager):
    """``AsyncLargeFileManager`` that makes a new untitled notebook or file asked for in a curriculum folder
    in :attr:`studies` instead (the launcher opens what it gets back, wherever it is)."""

    studies = Unicode(config=True, help="The studies folder, as a path from the server's root ('' when it is "
                                        "outside the root: new untitled things then stay where they are asked for).")

    @default("studies")
    def _studies_in_root(self) -> str:
        rel = os.path.relpath(studies_dir().absolute(), Path(self.root_dir).absolute())
        return "" if rel == os.curdir or rel.split(os.sep)[0] == os.pardir else Path(rel).as_posix()

    async def new_untitled(self, path: str = "", type: str = "", ext: str = ""):
        if self.studies and path.strip("/").split("/")[0] in CURRICULUM_FOLDERS:
            if type == "directory":
                # Only the file browser makes folders, and it then looks for the new one in the folder it
                # shows to let the person name it: one made elsewhere is "Item does not exist". Say why instead.
                raise HTTPError(403, f"Folders of your own go in {self.studies}/: open it in the file browser and make the "
                                     f"folder there ({path.strip('/')}/ holds the workbook's own files).")
            os.makedirs(self._get_os_path(self.studies), exist_ok=True)
            path = self.studies
        return await super().new_untitled(path=path, type=type, ext=ext)
