"""The archive: a gzipped tar of the database snapshot, the uploaded files and a manifest.

Layout (paths inside the tar):
    database/hiwar.sqlite3 or database/hiwar.pgdump   the snapshot
    uploads/<path under UPLOAD_FOLDER>                 every uploaded file
    manifest.json                                      written last, once every checksum is known

The manifest lists every other member with its size and SHA-256, so a damaged, truncated or
edited archive is found before anything is restored. It is a checksum, not a signature: whoever
can rewrite the archive can rewrite the manifest too, so keep archives where only operators reach.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

FORMAT = "hiwar-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_FOLDER = "database"
UPLOADS_FOLDER = "uploads"
FILE_MODE = 0o600  # the archive holds people's data: readable by its owner only
FOLDER_MODE = 0o700
_CHUNK = 1024 * 1024
# A copy of one file is held in memory up to this size, and spills to a temporary file beyond.
_SPOOL_LIMIT = 16 * 1024 * 1024


class BackupError(Exception):
    """An expected refusal or failure, with a message for the operator (never a traceback)."""


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    database_kind: str
    database_file: str
    alembic_revision: str | None
    hiwar_version: str | None
    files: list[FileEntry] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    @property
    def upload_files(self) -> list[FileEntry]:
        return [entry for entry in self.files if entry.path.startswith(f"{UPLOADS_FOLDER}/")]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise BackupError(
                    "This is not a Hiwar backup (its manifest names no Hiwar format)."
                )
            if raw.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"This backup has format version {raw.get('format_version')}; this version "
                    f"of Hiwar reads version {FORMAT_VERSION} only."
                )
            files = [
                FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in raw["files"]
            ]
            manifest = cls(
                created_at=str(raw["created_at"]),
                database_kind=str(raw["database_kind"]),
                database_file=str(raw["database_file"]),
                alembic_revision=raw.get("alembic_revision"),
                hiwar_version=raw.get("hiwar_version"),
                files=files,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"The backup's manifest cannot be read ({error}).") from error
        for entry in manifest.files:
            safe_member_name(entry.path)
        if manifest.database_file not in {entry.path for entry in manifest.files}:
            raise BackupError("The backup's manifest does not list its database snapshot.")
        return manifest


def safe_member_name(name: str) -> PurePosixPath:
    """Refuse names that would land outside the folder they are restored into."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or path.parts[0] not in {DATABASE_FOLDER, UPLOADS_FOLDER}
        or "\\" in name
    ):
        raise BackupError(f"The backup holds a file with an unsafe name: {name!r}.")
    return path


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    # No owner names or ids: they mean nothing on the server the archive is restored to.
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = FILE_MODE
    info.mtime = 0
    return info


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class ArchiveWriter:
    """Adds files to a new archive, noting each one's size and checksum for the manifest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.entries: list[FileEntry] = []

    def add_file(self, name: str, path: Path) -> FileEntry | None:
        """Copy the file once (into memory or a temporary file) and archive exactly that copy, so
        its checksum matches its bytes even if the app rewrites it meanwhile. A file removed
        between listing and reading (a photo deleted just now) is left out."""
        safe_member_name(name)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_LIMIT) as copy:
            try:
                with path.open("rb") as source:
                    size, sha256 = _copy_hashing(source, copy)
            except FileNotFoundError:
                return None
            copy.seek(0)
            self.tar.addfile(_tarinfo(name, size), copy)
        entry = FileEntry(name, size, sha256)
        self.entries.append(entry)
        return entry

    def add_manifest(self, manifest: Manifest) -> None:
        data = manifest.to_json()
        self.tar.addfile(_tarinfo(MANIFEST_NAME, len(data)), io.BytesIO(data))


def uploaded_files(folder: Path, *, leaving_out: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file under the upload folder, as (archive name, path), in a stable order.
    Symbolic links are not followed: they could point anywhere on the server. `leaving_out` is
    the folder the archive goes to: were it inside the upload folder, each backup would
    otherwise carry all the earlier ones."""
    if not folder.is_dir():
        return
    leaving_out = leaving_out.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if Path(root, d).resolve() != leaving_out)
        for name in sorted(files):
            path = Path(root, name)
            if path.is_symlink() or not path.is_file():
                continue
            yield f"{UPLOADS_FOLDER}/{path.relative_to(folder).as_posix()}", path


@dataclass
class ExtractedArchive:
    manifest: Manifest
    folder: Path  # holds database/... and uploads/... exactly as the manifest lists them

    @property
    def database_path(self) -> Path:
        return self.folder / self.manifest.database_file


def read_manifest(archive: Path) -> Manifest:
    """The manifest alone, for the checks that need no checksum (kind, version)."""
    with _open(archive) as tar:
        for member in _members(tar):
            if member.name == MANIFEST_NAME:
                return Manifest.from_json(_read_member(tar, member))
    raise BackupError("The backup holds no manifest: it is not a Hiwar backup, or it is truncated.")


def verify_and_extract(archive: Path, manifest: Manifest, into: Path) -> ExtractedArchive:
    """Extract every listed file into `into`, checking each one's size and SHA-256 on the way.
    Anything unlisted, missing, damaged or of another kind (links, devices) refuses the archive."""
    expected = {entry.path: entry for entry in manifest.files}
    seen: set[str] = set()
    with _open(archive) as tar:
        for member in _members(tar):
            if member.name == MANIFEST_NAME:
                continue
            entry = expected.get(member.name)
            if entry is None or not member.isfile() or member.name in seen:
                raise BackupError(
                    f"The backup holds {member.name!r}, which its manifest does not list (or "
                    "lists once): it has been altered. Nothing was restored."
                )
            target = into / safe_member_name(member.name)
            target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            source = tar.extractfile(member)
            with _reading(archive), source, _create(target) as out:
                size, sha256 = _copy_hashing(source, out)
            if (size, sha256) != (entry.size, entry.sha256):
                raise BackupError(
                    f"{member.name} does not match its checksum in the manifest: the backup is "
                    "damaged or has been altered. Nothing was restored."
                )
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"The backup lacks {len(missing)} file(s) its manifest lists (first: {missing[0]}): "
            "it is truncated or damaged. Nothing was restored."
        )
    return ExtractedArchive(manifest, into)


def copy_tree(source: Path, target: Path) -> None:
    """Copy the extracted uploads into the (empty) upload folder; photos keep the app's mode."""
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with path.open("rb") as src, _create(destination, mode=0o640) as dst:
                shutil.copyfileobj(src, dst, _CHUNK)


def _create(path: Path, mode: int = FILE_MODE) -> IO[bytes]:
    """A new file (never an existing one), created with its final mode rather than chmod-ed."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb")


@contextmanager
def _reading(archive: Path) -> Iterator[None]:
    """Turn the ways a damaged gzip or tar fails into one message for the operator."""
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{archive.name} cannot be read to the end ({error}): it is truncated or damaged. "
            "Nothing was restored."
        ) from error


def _open(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    with _reading(archive):
        return tarfile.open(archive, "r:gz")


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    with _reading(Path(tar.name or "the backup")):
        while (member := tar.next()) is not None:
            yield member


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    if not member.isfile() or member.size > 64 * 1024 * 1024:
        raise BackupError("The backup's manifest is not a plain file of a sensible size.")
    with _reading(Path(tar.name or "the backup")):
        return tar.extractfile(member).read()
