"""Personal data at rest (等保2.0 三级: 重要数据存储保密性): encrypted columns and keyed lookup hashes.

- `EncryptedTextField` stores a Fernet token (AES-128-CBC + HMAC-SHA256, from the `cryptography` package) and
  gives Python the plain text back. Keys come from ``ZHENGWU_DATA_KEYS`` (comma-separated; the first encrypts,
  every one decrypts — a `MultiFernet`), so a new key is put first and `zhengwu rotate_keys` re-encrypts.
- A token is different every time, so such a column cannot be searched; a number that must be looked up gets a
  companion ``*_hash`` column: HMAC-SHA256 under ``ZHENGWU_LOOKUP_KEY`` of the normalised number
  (`lookup_hash`). Filtering on the encrypted column itself raises, so no query silently matches nothing.
- Without keys a development key derived from a fixed, public phrase is used: fine for tests and the demo, worthless
  as protection; production settings refuse to start without real keys (zhengwu/settings.py).
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

DEV_PHRASE = b"zhengwu development and test key - NOT FOR PRODUCTION - public in the source"


def dev_key(purpose: str = "data") -> str:
    """The development key (public!) for `purpose`."""
    return base64.urlsafe_b64encode(hashlib.sha256(DEV_PHRASE + purpose.encode()).digest()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()


_cache: dict[tuple[str, ...], MultiFernet] = {}


def data_keys() -> list[str]:
    return list(getattr(settings, "ZHENGWU_DATA_KEYS", None) or [dev_key()])


def _fernet() -> MultiFernet:
    keys = tuple(data_keys())
    if keys not in _cache:
        try:
            _cache[keys] = MultiFernet([Fernet(k.encode()) for k in keys])
        except ValueError as exc:
            raise ImproperlyConfigured("ZHENGWU_DATA_KEYS 中有不是 Fernet 密钥的值（应为 zhengwu rotate_keys --new-key "
                                       "生成的 44 位 base64 字符串）。") from exc
    return _cache[keys]


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("无法解密个人信息：ZHENGWU_DATA_KEYS 中没有加密这条数据的密钥。") from exc


def rotate(token: str) -> str:
    """The same plain text under the first (newest) key."""
    return _fernet().rotate(token.encode()).decode()


def is_current(token: str) -> bool:
    """True when `token` was made with the first key (rotation can skip it)."""
    try:
        Fernet(data_keys()[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def lookup_key() -> bytes:
    return (getattr(settings, "ZHENGWU_LOOKUP_KEY", "") or dev_key("lookup")).encode()


def normalise_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def lookup_hash(value: str) -> str:
    """The keyed hash a 证件号码 is looked up by ('' for no number)."""
    value = normalise_number(value)
    if not value:
        return ""
    return hmac.new(lookup_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; reads give the plain text, lookups on it are refused."""

    description = "加密文本"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(f"“{self.verbose_name}”是加密存储的，不能按内容查询（{lookup_name}）；"
                         "按证件号码查找请用对应的 *_hash 字段和 zhengwu.core.crypto.lookup_hash。")


def _try_decrypt(value: str) -> str | None:
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return None


def encrypt_rows(model, fields: tuple[str, ...], hashes: dict[str, str] | None = None) -> int:
    """Data migration: encrypt `fields` of every row of a historical `model` whose columns are still plain text
    (already-encrypted values are left alone), filling ``hashes`` ({hash column: number column})."""
    count = 0
    for row in model.objects.values("pk", *fields).iterator(chunk_size=1000):
        plain = {f: (row[f] if _try_decrypt(row[f] or "") is None else _try_decrypt(row[f])) for f in fields}
        changes = {f: encrypt(v) if v else v for f, v in plain.items()}
        changes.update({h: lookup_hash(plain[src]) for h, src in (hashes or {}).items()})
        model.objects.filter(pk=row["pk"]).update(**changes)
        count += 1
    return count


def decrypt_rows(model, fields: tuple[str, ...]) -> int:
    """The reverse of `encrypt_rows` (columns back to plain text)."""
    count = 0
    for row in model.objects.values("pk", *fields).iterator(chunk_size=1000):
        model.objects.filter(pk=row["pk"]).update(**{f: _try_decrypt(row[f] or "") or row[f] for f in fields})
        count += 1
    return count
