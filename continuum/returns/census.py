"""The Children in Need census as plain values, and its XML, in the Department's format.

Pure: no Django. `continuum.returns.cin` reads the records into these values; this module
decides what a collection year includes (only what happened by the reference date, ends only
inside the year) and writes the XML the DfE's validator reads (`../shared/returns/README.md`).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CollectionYear:
    """The year a collection ends: 2026 is 1 April 2025 to 31 March 2026."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.year, 3, 31)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.reference_date

    def by_end(self, day: dt.date | None) -> dt.date | None:
        """A date kept only if it happened by the reference date (later ones are the future,
        as the census sees it)."""
        return day if day is not None and day <= self.reference_date else None


@dataclass
class CensusAssessment:
    started: dt.date
    authorised: dt.date | None = None
    factors: list[str] = field(default_factory=list)


@dataclass
class CensusChildInNeedPlan:
    started: dt.date
    ended: dt.date | None = None


@dataclass
class CensusSection47:
    started: dt.date
    icpc_target: dt.date | None = None
    icpc_date: dt.date | None = None
    icpc_not_required: bool = False


@dataclass
class CensusChildProtectionPlan:
    started: dt.date
    ended: dt.date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous_plans: int = 0
    reviews: list[dt.date] = field(default_factory=list)


@dataclass
class CensusEpisode:
    """One CINdetails: a referral and what followed it."""

    referral_date: dt.date
    referral_source: str
    primary_need: str = ""
    closure_date: dt.date | None = None
    closure_reason: str = ""
    initial_cpc: dt.date | None = None
    """For a transfer-in: the initial conference held by the other authority."""
    no_further_action: bool = False
    assessments: list[CensusAssessment] = field(default_factory=list)
    child_in_need_plans: list[CensusChildInNeedPlan] = field(default_factory=list)
    section47s: list[CensusSection47] = field(default_factory=list)
    child_protection_plans: list[CensusChildProtectionPlan] = field(default_factory=list)
    source_id: int | None = None
    """The record the episode came from, for the summary (not written to the file)."""


@dataclass
class CensusChild:
    la_child_id: str
    sex: str
    ethnicity: str
    upn: str = ""
    upn_unknown: str = ""
    former_upn: str = ""
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = None
    death_date: dt.date | None = None
    disabilities: list[str] = field(default_factory=list)
    episodes: list[CensusEpisode] = field(default_factory=list)
    person_id: int | None = None
    """Continuum's record number, for the summary (not written to the file)."""


# -- What a collection year holds ----------------------------------------------------------------


def in_year(episode: CensusEpisode, year: CollectionYear) -> CensusEpisode | None:
    """The episode as the census for `year` sees it, or None if it falls outside the year.

    An episode belongs when it was open at some time in the year: referred by the reference
    date and not closed before the year began. What happened after the reference date is
    left out (an assessment authorised in April is still open on 31 March), and so is
    work that started after it.
    """
    if episode.referral_date > year.reference_date:
        return None
    if episode.closure_date is not None and episode.closure_date < year.start:
        return None
    closed = year.by_end(episode.closure_date)
    assessments = [
        CensusAssessment(a.started, year.by_end(a.authorised), list(a.factors))
        for a in episode.assessments
        if a.started <= year.reference_date and (a.authorised is None or a.authorised >= year.start)
    ]
    for assessment in assessments:
        if assessment.authorised is None:
            assessment.factors = []
    plans = [
        CensusChildInNeedPlan(p.started, year.by_end(p.ended))
        for p in episode.child_in_need_plans
        if p.started <= year.reference_date and (p.ended is None or p.ended >= year.start)
    ]
    section47s = [
        CensusSection47(
            s.started,
            s.icpc_target,
            year.by_end(s.icpc_date),
            s.icpc_not_required and s.icpc_date is None,
        )
        for s in episode.section47s
        if s.started <= year.reference_date
    ]
    cp_plans = [
        CensusChildProtectionPlan(
            p.started,
            year.by_end(p.ended),
            p.initial_category,
            p.latest_category,
            p.previous_plans,
            [r for r in p.reviews if r <= year.reference_date],
        )
        for p in episode.child_protection_plans
        if p.started <= year.reference_date and (p.ended is None or p.ended >= year.start)
    ]
    return CensusEpisode(
        referral_date=episode.referral_date,
        referral_source=episode.referral_source,
        primary_need=episode.primary_need,
        closure_date=closed,
        closure_reason=episode.closure_reason if closed else "",
        initial_cpc=year.by_end(episode.initial_cpc),
        no_further_action=episode.no_further_action,
        assessments=assessments,
        child_in_need_plans=plans,
        section47s=section47s,
        child_protection_plans=cp_plans,
        source_id=episode.source_id,
    )


# -- The XML -------------------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _add(parent: ET.Element, tag: str, value: str | None) -> None:
    """A child element, left out when there is no value (the census's optional items)."""
    if value is None or value == "":
        return
    ET.SubElement(parent, tag).text = value


def _bool(value: bool) -> str:
    return "true" if value else "false"


def census_xml(
    children: list[CensusChild],
    year: CollectionYear,
    *,
    la_number: str,
    produced_at: dt.datetime,
    software: str = "Continuum",
    release: str = "1",
    serial_number: int = 1,
) -> bytes:
    """The census file: a `Message` with the header and every child, no namespace."""
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    collection = ET.SubElement(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", str(year.year))
    _add(collection, "ReferenceDate", year.reference_date.isoformat())
    source = ET.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", la_number)
    _add(source, "SoftwareCode", software)
    _add(source, "Release", release)
    _add(source, "SerialNo", str(serial_number))
    _add(source, "DateTime", produced_at.replace(microsecond=0, tzinfo=None).isoformat())
    listed = ET.SubElement(message, "Children")
    for child in children:
        _write_child(ET.SubElement(listed, "Child"), child)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


def _write_child(element: ET.Element, child: CensusChild) -> None:
    identifiers = ET.SubElement(element, "ChildIdentifiers")
    _add(identifiers, "LAchildID", child.la_child_id)
    _add(identifiers, "UPN", child.upn)
    _add(identifiers, "FormerUPN", child.former_upn)
    _add(identifiers, "UPNunknown", child.upn_unknown)
    _add(identifiers, "PersonBirthDate", _date(child.birth_date))
    _add(identifiers, "ExpectedPersonBirthDate", _date(child.expected_birth_date))
    _add(identifiers, "Sex", child.sex)
    _add(identifiers, "PersonDeathDate", _date(child.death_date))
    characteristics = ET.SubElement(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = ET.SubElement(characteristics, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)
    for episode in child.episodes:
        _write_episode(ET.SubElement(element, "CINdetails"), episode)


def _write_episode(element: ET.Element, episode: CensusEpisode) -> None:
    _add(element, "CINreferralDate", _date(episode.referral_date))
    _add(element, "ReferralSource", episode.referral_source)
    _add(element, "PrimaryNeedCode", episode.primary_need)
    _add(element, "CINclosureDate", _date(episode.closure_date))
    _add(element, "ReasonForClosure", episode.closure_reason)
    _add(element, "DateOfInitialCPC", _date(episode.initial_cpc))
    _add(element, "ReferralNFA", _bool(episode.no_further_action))
    for assessment in episode.assessments:
        block = ET.SubElement(element, "Assessments")
        _add(block, "AssessmentActualStartDate", _date(assessment.started))
        _add(block, "AssessmentAuthorisationDate", _date(assessment.authorised))
        if assessment.factors:
            factors = ET.SubElement(block, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                _add(factors, "AssessmentFactors", code)
    for plan in episode.child_in_need_plans:
        block = ET.SubElement(element, "CINPlanDates")
        _add(block, "CINPlanStartDate", _date(plan.started))
        _add(block, "CINPlanEndDate", _date(plan.ended))
    for enquiry in episode.section47s:
        block = ET.SubElement(element, "Section47")
        _add(block, "S47ActualStartDate", _date(enquiry.started))
        _add(block, "InitialCPCtarget", _date(enquiry.icpc_target))
        _add(block, "DateOfInitialCPC", _date(enquiry.icpc_date))
        _add(block, "ICPCnotRequired", _bool(enquiry.icpc_not_required))
    for plan in episode.child_protection_plans:
        block = ET.SubElement(element, "ChildProtectionPlans")
        _add(block, "CPPstartDate", _date(plan.started))
        _add(block, "CPPendDate", _date(plan.ended))
        _add(block, "InitialCategoryOfAbuse", plan.initial_category)
        _add(block, "LatestCategoryOfAbuse", plan.latest_category)
        _add(block, "NumberOfPreviousCPP", str(plan.previous_plans))
        if plan.reviews:
            reviews = ET.SubElement(block, "Reviews")
            for day in plan.reviews:
                _add(reviews, "CPPreviewDate", _date(day))


# -- Reading a census file (an authority's previous return, for import) -------------------------


class CensusFileError(ValueError):
    """The file is not a CIN census this reader understands; the message says where."""


@dataclass
class CensusFile:
    year: int
    la_number: str
    children: list[CensusChild]


def read_census_xml(data: bytes) -> CensusFile:
    """Parse a CIN census file into plain values. Refuses entity tricks (defusedxml) and says
    which child and item is wrong when a date or a required item is not as the format says."""
    from defusedxml import ElementTree as SafeET

    try:
        root = SafeET.fromstring(data)
    except Exception as error:
        raise CensusFileError(f"This is not a readable XML file: {error}") from error
    if root.tag != "Message" or root.find("Children") is None:
        raise CensusFileError("This is not a CIN census file: no Message with Children.")
    year_text = root.findtext("Header/CollectionDetails/Year", "")
    if not year_text.strip().isdigit():
        raise CensusFileError("The header has no collection year.")
    children = []
    for number, element in enumerate(root.iterfind("Children/Child"), start=1):
        where = element.findtext("ChildIdentifiers/LAchildID", "").strip() or f"child {number}"
        children.append(_read_child(element, where))
    return CensusFile(
        year=int(year_text),
        la_number=root.findtext("Header/Source/LEA", "").strip(),
        children=children,
    )


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _read_date(element: ET.Element, path: str, where: str) -> dt.date | None:
    text = _text(element, path)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CensusFileError(f"{where}: {path} is not a date (YYYY-MM-DD): {text!r}") from error


def _required_date(element: ET.Element, path: str, where: str) -> dt.date:
    value = _read_date(element, path, where)
    if value is None:
        raise CensusFileError(f"{where}: {path} is missing")
    return value


def _read_child(element: ET.Element, where: str) -> CensusChild:
    ids = "ChildIdentifiers/"
    child = CensusChild(
        la_child_id=_text(element, ids + "LAchildID"),
        sex=_text(element, ids + "Sex") or "U",
        ethnicity=_text(element, "ChildCharacteristics/Ethnicity"),
        upn=_text(element, ids + "UPN"),
        upn_unknown=_text(element, ids + "UPNunknown"),
        former_upn=_text(element, ids + "FormerUPN"),
        birth_date=_read_date(element, ids + "PersonBirthDate", where),
        expected_birth_date=_read_date(element, ids + "ExpectedPersonBirthDate", where),
        death_date=_read_date(element, ids + "PersonDeathDate", where),
        disabilities=[
            (d.text or "").strip()
            for d in element.iterfind("ChildCharacteristics/Disabilities/Disability")
            if (d.text or "").strip()
        ],
    )
    for details in element.iterfind("CINdetails"):
        child.episodes.append(_read_episode(details, where))
    return child


def _read_episode(element: ET.Element, where: str) -> CensusEpisode:
    episode = CensusEpisode(
        referral_date=_required_date(element, "CINreferralDate", where),
        referral_source=_text(element, "ReferralSource"),
        primary_need=_text(element, "PrimaryNeedCode"),
        closure_date=_read_date(element, "CINclosureDate", where),
        closure_reason=_text(element, "ReasonForClosure"),
        initial_cpc=_read_date(element, "DateOfInitialCPC", where),
        no_further_action=_text(element, "ReferralNFA").lower() in ("true", "1"),
    )
    for block in element.iterfind("Assessments"):
        episode.assessments.append(
            CensusAssessment(
                started=_required_date(block, "AssessmentActualStartDate", where),
                authorised=_read_date(block, "AssessmentAuthorisationDate", where),
                factors=[
                    (f.text or "").strip()
                    for f in block.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
                    if (f.text or "").strip()
                ],
            )
        )
    for block in element.iterfind("CINPlanDates"):
        episode.child_in_need_plans.append(
            CensusChildInNeedPlan(
                started=_required_date(block, "CINPlanStartDate", where),
                ended=_read_date(block, "CINPlanEndDate", where),
            )
        )
    for block in element.iterfind("Section47"):
        episode.section47s.append(
            CensusSection47(
                started=_required_date(block, "S47ActualStartDate", where),
                icpc_target=_read_date(block, "InitialCPCtarget", where),
                icpc_date=_read_date(block, "DateOfInitialCPC", where),
                icpc_not_required=_text(block, "ICPCnotRequired").lower() in ("true", "1"),
            )
        )
    for block in element.iterfind("ChildProtectionPlans"):
        previous = _text(block, "NumberOfPreviousCPP")
        episode.child_protection_plans.append(
            CensusChildProtectionPlan(
                started=_required_date(block, "CPPstartDate", where),
                ended=_read_date(block, "CPPendDate", where),
                initial_category=_text(block, "InitialCategoryOfAbuse"),
                latest_category=_text(block, "LatestCategoryOfAbuse"),
                previous_plans=int(previous) if previous.isdigit() else 0,
                reviews=[
                    day
                    for r in block.iterfind("Reviews/CPPreviewDate")
                    if (day := _read_date(r, ".", where)) is not None
                ],
            )
        )
    return episode
