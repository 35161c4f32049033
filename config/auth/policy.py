"""Who must use a second factor, and which groups an identity provider's claim grants.

Pure functions (no ORM, no settings): the callers pass the user's facts and the configured
values, so the rules are tested by building the inputs and asserting on the answer."""

from collections.abc import Iterable, Mapping


def must_use_two_factor(
    *, is_superuser: bool, group_names: Iterable[str], required_groups: Iterable[str]
) -> bool:
    """Superusers and members of the groups that keep the register need a second factor: they
    can read and change everything the legal team holds, so a password alone is not enough."""
    return is_superuser or not set(group_names).isdisjoint(required_groups)


def parse_group_map(text: str) -> dict[str, str]:
    """Read "claim-value=Group name,other=Other group" into {claim value: group name}.

    Raises ValueError naming the entry that has no "=" or an empty side, so a typo in the
    environment stops the start-up instead of silently granting nothing (or too much)."""
    mapping: dict[str, str] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        claim_value, separator, group_name = (side.strip() for side in entry.partition("="))
        if not separator or not claim_value or not group_name:
            raise ValueError(
                f"OIDC_GROUP_MAP entry {entry!r} is not of the form claim-value=Group name"
            )
        mapping[claim_value] = group_name
    return mapping


def claim_values(claim: object) -> set[str]:
    """The identity provider's groups claim as a set of strings: providers send a list, some a
    single string, some nothing at all."""
    if claim is None:
        return set()
    if isinstance(claim, str):
        return {claim}
    if isinstance(claim, Iterable):
        return {str(value) for value in claim}
    return {str(claim)}


def mapped_groups(claim: object, group_map: Mapping[str, str]) -> set[str]:
    """The local groups the claim grants; values the map does not name grant nothing."""
    return {group_map[value] for value in claim_values(claim) if value in group_map}
