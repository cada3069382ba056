"""Pasted mail threads: who wrote each message, and which senders write for the company.

Each "From:"/"De:" header starts its sender's message; the other headers and the
"-----Original Message-----" rulers are masked by ``nlp.turns``, so the other
party's address in "To:" is nobody's answer. A prospect writes to a shared inbox
(info@, ventas@ …): that inbox's domain is the company's, so its senders are the agents.
"""

from __future__ import annotations

import re

from nlp.tokens import word_list

_SENDER = re.compile(
    r"^[ \t>]*(?:from|de)[ \t]*:[ \t]*(?P<name>[^<>@\n]*?)[ \t]*<?(?P<address>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)>?[ \t]*$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    r"^[ \t>]*(?:(?:from|de|to|para|cc|bcc|cco|subject|asunto|sent|enviado(?: el)?|date|fecha)[ \t]*:"
    r"|-{2,}[ \t]*(?:original message|mensaje original|forwarded message|mensaje reenviado)[ \t]*-{2,}|-{3,}[ \t]*$)",
    re.IGNORECASE,
)
_TOPIC = re.compile(r"^[ \t>]*(?:to|para|subject|asunto)[ \t]*:", re.IGNORECASE | re.MULTILINE)
_RECIPIENTS = re.compile(r"^[ \t>]*(?:to|para|cc)[ \t]*:(?P<rest>.*)$", re.IGNORECASE | re.MULTILINE)
_ADDRESS = re.compile(r"(?P<local>[\w.+'-]+)@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_SHARED_INBOXES = frozenset(
    word_list(
        "info contact contacto contact-us hello hola sales ventas comercial quotes quote cotizaciones enquiries "
        "inquiries enquiry inquiry support soporte ayuda help admissions admisiones reservas bookings office "
        "oficina atencion clientes customerservice hi"
    )
)


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
