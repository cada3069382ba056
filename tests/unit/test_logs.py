"""Logs never carry a whole email address or phone number."""

import json

import structlog

from captura.logs import configure_logging, mask_personal_data


def test_emails_and_phones_are_masked_but_dates_and_ids_are_not() -> None:
    masked = mask_personal_data("from Juan.Perez@gmail.com at +34 612 345 678 on 2026-11-23, submission 123456")
    assert "Juan.Perez" not in masked and "J***@gmail.com" in masked
    assert "612 345" not in masked and "***678" in masked
    assert "2026-11-23" in masked and "123456" in masked


def test_structured_log_lines_are_masked(capsys) -> None:  # type: ignore[no-untyped-def]
    configure_logging(json_output=True)
    structlog.get_logger("test").warning("lead.refused", email="ana@ejemplo.es", phone="+34612345678")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["email"] == "a***@ejemplo.es" and line["phone"] == "***678"
    assert line["timestamp"].startswith("20") and "***" not in line["timestamp"]



def test_accented_addresses_and_phones_written_with_slashes_are_masked() -> None:
    masked = mask_personal_data("josé.garcía@correo.es llamó desde 612/345/678 el 12/05/2026")
    assert "josé.garcía" not in masked and "j***@correo.es" in masked
    assert "612/345" not in masked and "***678" in masked
    assert "12/05/2026" in masked
