"""Pasted mail threads: who wrote each message, and which senders write for the company.

Each "From:"/"De:" header starts its sender's message; the other headers and the
"-----Original Message-----" rulers are masked by ``nlp.turns``, so the other
party's address in "To:" is nobody's answer. A prospect writes to a shared inbox
(info@, ventas@ …): that inbox's domain is the company's, so its senders are the agents.
"""

from __future__ import annotations

import re

from nlp.lang import alternation, words


def _headers(*kinds: str) -> str:
    """ "(?:from|de)": the header names of these kinds in every language ("From:", "De:")."""
    return "(?:" + "|".join(alternation(kind, "MAIL_HEADERS") for kind in kinds) + ")"



_SENDER = re.compile(
    rf"^[ \t>]*{_headers('sender')}[ \t]*:[ \t]*(?P<name>[^<>@\n]*?)[ \t]*"
    r"<?(?P<address>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)>?[ \t]*$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    rf"^[ \t>]*(?:{_headers('sender', 'recipient', 'copy', 'subject', 'other')}[ \t]*:"
    rf"|-{{2,}}[ \t]*{_headers('ruler')}[ \t]*-{{2,}}|-{{3,}}[ \t]*$)",
    re.IGNORECASE,
)
_TOPIC = re.compile(rf"^[ \t>]*{_headers('recipient', 'subject')}[ \t]*:", re.IGNORECASE | re.MULTILINE)
_RECIPIENTS = re.compile(rf"^[ \t>]*{_headers('recipient', 'copy')}[ \t]*:(?P<rest>.*)$", re.IGNORECASE | re.MULTILINE)
_ADDRESS = re.compile(r"(?P<local>[\w.+'-]+)@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_SHARED_INBOXES = words("SHARED_INBOXES")


def is_mail_thread(text: str) -> bool:
    """A "From:" line with an address, and a "To:" or "Subject:" line."""
    return any(_SENDER.match(line) for line in text.splitlines()) and bool(_TOPIC.search(text))


def is_header(line: str) -> bool:
    return bool(_HEADER.match(line))


def sender_of(line: str) -> tuple[str, int] | None:
    """The sender a "From:" line names (their name, else their address) and where their address starts."""
    sender = _SENDER.match(line)
    if not sender:
        return None
    return (sender.group("name") or sender.group("address")).strip(), sender.start("address")


def company_senders(text: str) -> dict[str, bool]:
    """Sender → whether they write for the company whose shared inbox was written to; {} when no inbox shows it."""
    if not is_mail_thread(text):
        return {}
    company_domains = {address.group("domain").lower() for line in _RECIPIENTS.finditer(text)
                       for address in _ADDRESS.finditer(line.group("rest"))
                       if address.group("local").lower() in _SHARED_INBOXES}
    senders = {}
    for line in text.splitlines():
        sender = _SENDER.match(line)
        if sender:
            name = (sender.group("name") or sender.group("address")).strip()
            senders[name] = sender.group("address").rsplit("@", 1)[-1].lower() in company_domains
    return senders if company_domains and any(senders.values()) else {}
