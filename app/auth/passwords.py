"""Password policy (SECURITY.md, ASVS V2): length, not a common password; no composition rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 128

# Passwords of ten or more characters that lead public breach-frequency lists.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "0123456789",
        "12345678910",
        "123456789a",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou12",
        "abcdefghij",
        "abc1234567",
        "aaaaaaaaaa",
        "1111111111",
        "0000000000",
        "9876543210",
        "letmein123",
        "welcome123",
        "admin12345",
        "administrator",
        "changeme123",
        "football123",
        "baseball123",
        "starwars123",
        "princess123",
        "trustno1234",
        "sunshine123",
        "superman123",
        "michael123",
        "computer123",
        "internet123",
        "whatever123",
        "dragon1234",
        "monkey1234",
        "mustang123",
        "hiwarhiwar",
        "hiwar12345",
        "syria12345",
        "damascus123",
    }
)


def password_problem(password: str) -> str | None:
    """A message saying what is wrong with the password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(n)d characters.", n=MAX_LENGTH))
    if password.strip().lower() in COMMON_PASSWORDS:
        return str(_l("This password is too common; choose another."))
    return None
