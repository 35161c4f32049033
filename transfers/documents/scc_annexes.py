"""Fill the Appendix's forms (laid out by ``scc_layout``) with the values an SCC copy's inputs
hold: each official label gets its answer from the register, as text ready to print."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from transfers.documents.scc_layout import AnnexPart, FormField, PrintAnnex

NOT_RECORDED = "[not recorded in the register]"
MODULES_WITH_PROCESSOR_IMPORTER = (2, 3)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    missing: bool = False


@dataclass(frozen=True)
class Record:
    """One party, transfer or sub-processor: a numbered group of rows."""

    number: int
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class FilledPart:
    kind: str  # "heading", "records", "rows" or "measures"
    label: str = ""
    text: str = ""
    records: tuple[Record, ...] = ()
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class FilledAnnex:
    anchor: str
    heading: str
    title: str
    number: str
    parts: tuple[FilledPart, ...]


def long_date(iso: str | None) -> str:
    """ "2022-03-21" -> "21 March 2022" (the way a contract writes dates)."""
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def fill_annex(annex: PrintAnnex, inputs: dict[str, Any]) -> FilledAnnex:
    return FilledAnnex(
        anchor=annex.anchor,
        heading=annex.heading,
        title=annex.title,
        number=annex.number,
        parts=tuple(_fill(part, annex.number, inputs) for part in annex.parts),
    )


def _fill(part: AnnexPart, annex_number: str, inputs: dict[str, Any]) -> FilledPart:
    if part.kind == "heading":
        return FilledPart("heading", label=part.label, text=part.text)
    if part.kind == "records":
        return FilledPart("records", text=part.text, records=_records(part, inputs))
    if part.kind == "transfer_fields":
        return FilledPart("records", records=_transfer_records(part.fields, inputs))
    if annex_number == "II":
        return FilledPart("measures", rows=tuple(Row(f.label, "") for f in part.fields))
    return FilledPart("rows", rows=tuple(_authority_row(f, inputs) for f in part.fields))


STREET_ADDRESS_GAP = "[street address not recorded]"


def _row(label: str, value: str | None) -> Row:
    value = (value or "").strip()
    return Row(label, value or NOT_RECORDED, missing=not value)


# ---------------------------------------------------------------------- Annex I.A and III


def _records(part: AnnexPart, inputs: dict[str, Any]) -> tuple[Record, ...]:
    if part.side == "sub_processors":
        entries = inputs["sub_processors"]
        return tuple(
            Record(number, entry["name"], tuple(_row(f.label, entry[f.key]) for f in part.fields))
            for number, entry in enumerate(entries, start=1)
        )
    party = inputs[part.side]
    return (Record(1, party["name"], tuple(_party_rows(party, part.fields))),)


def _party_rows(party: dict[str, Any], fields: list[FormField]) -> list[Row]:
    values = {
        "name": _name(party),
        "address": _with_country(party["address"], party["country"]),
        "contact": party["contact"],
        "activities": party["activities"],
        "signature": _signature(party),
        "role": party["role"],
    }
    rows = [_row(field.label, values[field.key]) for field in fields]
    if party["dpo"]:
        rows.append(Row("Data protection officer:", party["dpo"]))
    if representative := party["eu_representative"]:
        address = _with_country(representative["address"], representative["country"])
        rows.append(
            Row(
                "Representative in the European Union (Art. 27 GDPR):",
                f"{representative['name']}\n{address}",
            )
        )
    return rows


def _name(party: dict[str, Any]) -> str:
    if party["trading_name"] and party["trading_name"] != party["name"]:
        return f"{party['name']} (trading as {party['trading_name']})"
    return party["name"]


def _with_country(address: str, country: str) -> str:
    """The address with its country. A missing street address is a visible gap, never a note."""
    address = (address or "").strip()
    if not address:
        return f"{STREET_ADDRESS_GAP}\n{country}"
    return address if country.lower() in address.lower() else f"{address}\n{country}"


def _signature(party: dict[str, Any]) -> str:
    if not party["signed_on"]:
        return "Not signed yet"
    who = ", ".join(part for part in (party["signatory"], party["signatory_position"]) if part)
    signed = f"Signed on {long_date(party['signed_on'])}"
    return f"{who}. {signed}" if who else signed


# ---------------------------------------------------------------------- Annex I.B


def _transfer_records(fields: list[FormField], inputs: dict[str, Any]) -> tuple[Record, ...]:
    module = inputs["agreement"]["module"]
    onward = [entry["name"] for entry in inputs["sub_processors"]]
    records = []
    for number, transfer in enumerate(inputs["transfers"], start=1):
        rows = [_row(f.label, _transfer_value(f.key, transfer, module)) for f in fields]
        if module in MODULES_WITH_PROCESSOR_IMPORTER:
            listed = "; ".join(onward) + " (see Annex III)" if onward else "None"
            rows.append(Row("Onward transfers to sub-processors:", listed))
        title = f"{transfer['name']} ({transfer['reference']})"
        records.append(Record(number, title, tuple(rows)))
    return tuple(records)


def _transfer_value(key: str, transfer: dict[str, Any], module: int) -> str:
    if key == "sensitive":
        return _sensitive(transfer)
    if key == "subject_matter":
        if module not in MODULES_WITH_PROCESSOR_IMPORTER:
            return "Not applicable: the data importer is a controller."
        return transfer["subject_matter_and_duration"]
    value = transfer[key]
    return "; ".join(value) if isinstance(value, list) else value


def _sensitive(transfer: dict[str, Any]) -> str:
    if not transfer["special_category_data"]:
        return "None."
    categories = "; ".join(transfer["special_categories"]) or "Sensitive data"
    safeguards = transfer["special_category_safeguards"].strip() or NOT_RECORDED
    return f"{categories}.\nRestrictions and safeguards: {safeguards}"


# ---------------------------------------------------------------------- Annex I.C


def _authority_row(field: FormField, inputs: dict[str, Any]) -> Row:
    blocks = []
    for authority in inputs["authorities"]:
        lines = [authority["name"], _with_country(authority["address"], authority["country"])]
        if authority["website"]:
            lines.append(authority["website"])
        lines.append(f"({authority['basis']})")
        blocks.append("\n".join(lines))
    return _row(field.label, "\n\n".join(blocks))
