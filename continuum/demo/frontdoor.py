"""The demo authority's front door: a year of contacts and the Hub's decisions, the Hub queue
as it stands at nine this morning, the work the decisions started, and the Advice Line.

Consistent with the casework. A contact in the last year that a case's story already tells
(`Casework.contacts`: the Request for Support that started an assessment, the police
notification that led to a strategy discussion) becomes the record behind those chronology
events: the same children, days and Hub workers, and the reference is written into the
events. Its decision starts what `frontdoor.actions.decide` would have started: a Child and
Family Assessment due 45 working days from the referral (`rules.assessment_due`), a strategy
discussion and Section 47 enquiry, a specialist assessment, a request to the Early Help Hub.

Most of a year's contacts are about families with no case: signposting, early help, families
who did not want support, and some assessments that ended months ago in no further action or
early help (open cases are the casework's). Those are made here, with their own chronology,
at Blackpool's scale: about 5,000 Requests for Support a year and the phone calls, police
notifications (missing from home among them), out-of-hours records and requests for
information around them; police about 28% of sources and schools 21%; about a fifth of
children's contacts are re-referrals within 12 months. Decisions are mostly on time.

The Hub's day. The queue is what is waiting when the Hub opens at 9:00 on the as-of date, so
the demo is the same whatever the hour it is made: contacts from the last working day and the
night since, due when `rules.decision_due` says, a few already overdue; some being screened,
with checks still out; some naming children with misspelt names, for screening to find.
Nothing moves with the clock afterwards: a demo made today shows these as overdue tomorrow.

Planning happens in memory from its own seeded random stream; `FrontDoorPlan.write` inserts in
bulk after the people (it needs their keys) and before the chronology (whose events it points
at the records they came from). Nothing in the texts names a real person: referrers and
callers are made up like everyone else, and the Advice Line notes identify nobody.
"""

import datetime as dt
import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import models
from django.db.models import F, OuterRef, Subquery

from continuum.core.calendar import add_working_days
from continuum.core.models import EventKind
from continuum.demo import names
from continuum.demo.casework import (
    DEFAULT_SIZE,
    SIGNPOSTS,
    Casework,
    PlannedContact,
    PlannedEvent,
)
from continuum.demo.population import Family, Home, Population
from continuum.demo.staff import (
    ASSESSMENT_AND_SUPPORT,
    DEMO_SCHOOL,
    EARLY_HELP_HUB,
    EMERGENCY_DUTY,
    HUB,
    Staff,
)
from continuum.earlyhelp.models import EarlyHelpRequest, EarlyHelpRequestStatus
from continuum.frontdoor import rules
from continuum.frontdoor.actions import REFERENCE_PREFIX
from continuum.frontdoor.models import (
    AdviceLineConsultation,
    AdviceOutcome,
    AgencyCheck,
    CheckAgency,
    Consent,
    Contact,
    ContactDecision,
    ContactKind,
    ContactPerson,
    ContactStatus,
    IndicatorTick,
    MatchStatus,
    PersonRole,
)
from continuum.organisation.models import Agency, AgencyKind, Role, Team, User
from continuum.people.codes import Sex
from continuum.people.models import RelationshipKind
from continuum.socialwork.codes import referral_source_for
from continuum.socialwork.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Episode,
    EpisodeStage,
    ReviewState,
    StageChange,
    StrategyDiscussion,
)

LONDON = rules.LONDON
WINDOW_DAYS = 365  # contacts are records for the last year; older ones stay chronology only
# At the default size (28,000 children): about 5,000 Requests for Support (57% of sources
# below) and the other contacts around them.
CONTACTS_PER_YEAR = 8_800
QUEUE_SIZE = 32  # waiting when the Hub opens
SCHOOL_REQUESTS_PER_YEAR = 40  # from the demo primary school, so school.demo sees its own
FRESH_STRATEGY_FAMILIES = 3  # decided yesterday: strategy discussions still to hold
ADVICE_PER_YEAR = 200
RE_REFERRAL_SHARE = 0.36  # of contacts once there is a year behind them; ~22% over the year
LATE_DECISIONS = 0.04
LAST_NIGHT = dt.time(9, 0)  # the queue is as the Hub finds it at opening on the as-of date
POLICE = "lancashire-constabulary"
HEALTH = "blackpool-teaching-hospitals"
NURSERY = "demo-nursery"
HOUSING = "blackpool-housing"
VOLUNTARY = "voluntary-sector"
SIXTH_FORM = "blackpool-sixth-form"


# ---------------------------------------------------------------------------------------------
# What people worry about, in the seeds' words
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Worry:
    """A worry as a referrer gives it: the phrase the chronology uses, the level they believe
    applies, the Continuum of Need indicators they would tick, and what they write."""

    summary: str
    level: int
    codes: tuple[str, ...]
    details: tuple[str, ...]
    signposts: tuple[str, ...] = SIGNPOSTS
    ages: tuple[int, int] = (0, 17)


def _worries(*items: Worry) -> dict[str, Worry]:
    return {w.summary: w for w in items}


# {child}: "the child" or "the children"; {parent}: "Mum", "Dad" or "Nan"; capitalised forms too.
WORRIES = _worries(
    # The casework's own worries (continuum/demo/casework.py), so its contacts read the same.
    Worry(
        "worries about neglect",
        3,
        ("PAR-3-02", "FAM-2-01"),
        (
            "Staff have seen {child} arrive hungry and in the same clothes for several days "
            "running. {Parent} says money has been very tight since the family moved.",
            "On a home visit the house was cold with little food in, and head lice keep coming "
            "back. {Parent} seems overwhelmed and has missed health appointments for {child}.",
        ),
        ("the foodbank and the family hub", "the family hub", "debt and housing advice"),
    ),
    Worry(
        "worries about domestic abuse at home",
        3,
        ("FAM-3-01", "DEV-2-03"),
        (
            "{Child} told staff that the adults at home argue and shout most nights and that "
            "they hide upstairs when it starts.",
            "{Parent} told staff that her ex-partner keeps turning up at the house and making "
            "threats, and that {child} heard the last argument.",
        ),
        ("a domestic abuse service", "the family hub"),
    ),
    Worry(
        "worries about a parent's alcohol use",
        3,
        ("PAR-3-01",),
        (
            "{Parent} has smelt of alcohol at pick-up several times this term and once could "
            "not stand steadily. Staff are worried about who looks after {child} in the evenings.",
            "Staff and a neighbour have both seen {parent} drinking during the day, and {child} "
            "came in late and tired on several mornings.",
        ),
        ("the drug and alcohol service", "the family hub"),
    ),
    Worry(
        "worries about a parent's drug use",
        3,
        ("PAR-3-01", "PAR-3-03"),
        (
            "{Parent} has said she uses cannabis most days and other drugs at weekends. Staff "
            "are worried about the supervision of {child}.",
            "Drug paraphernalia was seen at the address on a visit. {Parent} says she is trying "
            "to stop but has not yet gone to the drug and alcohol service.",
        ),
        ("the drug and alcohol service",),
    ),
    Worry(
        "worries about a parent's mental health",
        3,
        ("PAR-3-01", "PAR-2-03"),
        (
            "{Parent} has been very low since the winter and says that on some days she cannot "
            "get out of bed. {Child} missed school on those days.",
            "{Parent} has a diagnosis of bipolar disorder and has stopped her medication. Staff "
            "are worried about how she is coping with {child} on her own.",
        ),
        ("the GP and talking therapies", "the family hub"),
    ),
    Worry(
        "worries about the children being left alone",
        3,
        ("PAR-3-03",),
        (
            "{Child} told staff about being left at home alone in the evenings while {parent} "
            "goes out.",
            "A neighbour has seen {child} on their own in the house late at night more than once.",
        ),
        ("a parenting programme", "the family hub"),
    ),
    Worry(
        "worries about poor school attendance",
        2,
        ("DEV-2-02",),
        (
            "Attendance this year is below 85%, with Mondays and Fridays often missed. {Parent} "
            "says mornings are a battle.",
            "Attendance has fallen to 80% this term. Letters and a meeting have not helped, and "
            "{parent} says she does not know how to get {child} to school.",
        ),
        ("the school's attendance team", "a parenting programme", "the family hub"),
        (4, 17),
    ),
    Worry(
        "worries about the home conditions",
        3,
        ("PAR-3-02", "FAM-2-03"),
        (
            "The home is very cluttered and dirty, with dog mess on the floor at the last visit. "
            "There is nowhere clean for {child} to sleep.",
            "Housing officers found the property in a poor state with damp and broken windows. "
            "{Parent} says she cannot cope with it.",
        ),
        ("debt and housing advice", "the family hub"),
    ),
    Worry(
        "worries about the child's emotional wellbeing",
        2,
        ("DEV-2-03",),
        (
            "Staff have noticed {child} withdrawn and tearful in class and worrying a lot about "
            "things at home.",
            "Since the family split up there have been angry outbursts and tears at school. "
            "{Parent} is worried too and has asked for help.",
        ),
        ("the school nurse", "the mental health support team in schools", "the family hub"),
        (4, 17),
    ),
    Worry(
        "worries about the child's behaviour at home",
        2,
        ("PAR-2-02", "DEV-2-03"),
        (
            "{Parent} is struggling with {child}'s behaviour at home: refusing to go to bed, "
            "breaking things and hitting out when told no.",
            "{Parent} called because she cannot manage {child}'s behaviour and is worried it "
            "will get out of hand.",
        ),
        ("a parenting programme", "the family hub"),
        (3, 17),
    ),
    Worry(
        "domestic abuse incident at the family home, children present",
        3,
        ("FAM-3-01",),
        (
            "Police called by a neighbour to shouting at the address late in the evening. "
            "{Parent} had a red mark on her cheek; her partner was arrested and bailed not to "
            "attend. {Child} upstairs and heard it. DASH risk assessment: medium.",
        ),
        ("a domestic abuse service",),
    ),
    Worry(
        "concern for welfare call to the family home",
        3,
        ("PAR-2-03",),
        (
            "Officers attended after a relative had not heard from {parent} for two days. She "
            "was at home and low in mood; {child} fed and safe but the home in a poor state.",
        ),
        ("the GP and talking therapies", "the family hub"),
    ),
    Worry(
        "child found out late at night",
        3,
        ("DEV-3-05",),
        (
            "Found by officers in the town centre after 1am with a group of older young people "
            "and taken home. {Parent} had not reported them missing.",
        ),
        ("a youth service", "a parenting programme"),
        (10, 17),
    ),
    Worry(
        "parent arrested; children cared for by a relative",
        3,
        ("PAR-3-01",),
        (
            "{Parent} was arrested this evening on suspicion of shoplifting and possession of "
            "drugs. {Child} with their grandmother overnight, who can care for them until "
            "{parent} is released.",
        ),
        ("the drug and alcohol service", "the family hub"),
    ),
    Worry(
        "child reported missing from home",
        3,
        ("DEV-3-05", "DEV-4-04"),
        (
            "Reported missing by {parent} in the evening after not coming home from school. "
            "Found safe by officers a few hours later at an address in the town centre. A "
            "return home interview is to be offered.",
        ),
        ("Awaken: return home interview",),
        (11, 17),
    ),
    # Significant harm (the casework's HARM_CONTACTS).
    Worry(
        "the child came to school with a bruise on the face",
        4,
        ("DEV-4-02",),
        (
            "A bruise about 3 cm across on the cheek, noticed at registration. The child said "
            "they fell but would not say more, and seemed frightened to go home.",
        ),
    ),
    Worry(
        "the child said they were hit at home",
        4,
        ("PAR-4-03", "DEV-4-01"),
        (
            "The child told their teacher that an adult at home hit them with a belt last night. "
            "Marks seen on the backs of the legs. Parents not yet told of this request.",
        ),
    ),
    Worry(
        "domestic abuse incident, children present and frightened",
        4,
        ("FAM-4-01",),
        (
            "Serious assault on {parent} by her partner in front of the children; he was "
            "arrested at the scene. DASH risk assessment: high. The children were frightened "
            "and crying when officers arrived.",
        ),
    ),
    Worry(
        "children found alone at home overnight",
        4,
        ("PAR-4-05", "PAR-3-03"),
        (
            "Officers attending a noise complaint found the children alone in the house at 2am. "
            "{Parent} came home at half past four and was intoxicated.",
        ),
    ),
    Worry(
        "worries about serious neglect",
        4,
        ("PAR-4-01",),
        (
            "Worries have grown over two terms despite early help: {child} repeatedly hungry, "
            "unwashed and with untreated tooth decay. {Parent} has stopped taking part in the "
            "Team Around the Family plan.",
        ),
    ),
    Worry(
        "worries about serious neglect of the baby",
        4,
        ("PAR-4-01", "DEV-3-01"),
        (
            "The baby has lost weight and missed two health checks. The home is very cold and "
            "dirty and {parent} did not seem to notice the baby crying during the visit.",
        ),
    ),
    Worry(
        "baby seen with an unexplained injury",
        4,
        ("DEV-4-02",),
        (
            "Baby brought to the emergency department with bruising to the ear and no "
            "explanation that fits. A skeletal survey has been requested.",
        ),
    ),
    Worry(
        "domestic abuse incident, baby present",
        4,
        ("FAM-4-01",),
        (
            "Police attended a domestic abuse incident in which {parent} was pushed while "
            "holding the baby. DASH risk assessment: high. Her partner was arrested.",
        ),
    ),
    # Complex needs (story_complex).
    Worry(
        "support for a disabled child",
        3,
        ("DEV-3-01",),
        (
            "The child has cerebral palsy and complex health needs. The family are exhausted "
            "and asking for short breaks and help at home.",
        ),
    ),
    Worry(
        "support for a child with complex needs",
        3,
        ("DEV-3-01",),
        (
            "The child is autistic with very little speech and great distress at home. The "
            "family need an assessment of their needs as carers.",
        ),
    ),
    Worry(
        "short breaks for a disabled child",
        3,
        ("DEV-3-01",),
        (
            "The parents are asking for short breaks: the child has a severe learning "
            "disability and does not sleep, and they have no other help.",
        ),
    ),
    # The rest of a year's contacts, mostly at Levels 2 and 3.
    Worry(
        "the family is struggling with money and food",
        2,
        ("FAM-2-01",),
        (
            "{Parent} told staff she has run out of money before payday for three months and "
            "has skipped meals so that {child} can eat.",
            "The family's benefits have been stopped while a claim is checked and there is no "
            "gas or electricity credit this week.",
        ),
        ("the foodbank and the family hub", "debt and housing advice"),
    ),
    Worry(
        "the family is living in overcrowded, damp housing",
        2,
        ("FAM-2-03",),
        (
            "Five people share a two-bedroom flat with black mould in both bedrooms. The "
            "children's asthma has been worse this winter.",
        ),
        ("debt and housing advice", "the housing options team"),
    ),
    Worry(
        "parents separating; the children are caught up in arguments",
        2,
        ("FAM-2-04",),
        (
            "The parents have separated and argue at handovers in front of {child}. Staff "
            "have noticed upset after weekends.",
        ),
        ("a parenting programme", "family mediation", "the family hub"),
    ),
    Worry(
        "the child is a young carer for a parent",
        3,
        ("FAM-3-03",),
        (
            "The child does most of the shopping and cooking and helps {parent} with her "
            "medication. Homework is often not done and they are tired in class.",
        ),
        ("young carers support",),
        (8, 17),
    ),
    Worry(
        "Mum is struggling with the baby's routines and her mood",
        2,
        ("PAR-2-01", "PAR-2-03"),
        (
            "Mum is finding feeding and sleep hard and says she feels low most days. Her own "
            "mum helps and she wants support.",
        ),
        ("Blackpool Better Start", "the family hub", "the perinatal mental health team"),
        (0, 1),
    ),
    Worry(
        "the child's speech and development are behind",
        2,
        ("DEV-2-04",),
        (
            "At the two-year review the child had few words and was not yet putting two words "
            "together. {Parent} would like help and agreed to this request.",
        ),
        ("Blackpool Better Start", "the speech and language drop-in"),
        (1, 4),
    ),
    Worry(
        "the young person has been self-harming",
        3,
        ("DEV-3-03",),
        (
            "The young person showed a friend cuts on their arm and said nobody listens at "
            "home. {Parent} knows and is worried.",
        ),
        ("child and adolescent mental health services", "the school nurse"),
        (11, 17),
    ),
    Worry(
        "the young person is at risk of exclusion from school",
        3,
        ("DEV-3-02",),
        (
            "Three suspensions this term for fighting and walking out of lessons. Staff are "
            "worried about who they spend time with after school.",
        ),
        ("a youth service", "the school's inclusion team"),
        (11, 17),
    ),
    Worry(
        "the young person may become homeless after family arguments",
        3,
        ("FAM-3-04",),
        (
            "After months of arguments {parent} has said the young person cannot stay at home "
            "any longer. They are sleeping on friends' sofas.",
        ),
        ("the youth homelessness service", "family mediation"),
        (16, 17),
    ),
    Worry(
        "the family is isolated and has little support",
        2,
        ("FAM-2-02",),
        (
            "{Parent} moved to the area recently, knows nobody and has no family nearby. She is "
            "tired and finding it hard to manage alone.",
        ),
        ("the family hub", "Blackpool Better Start"),
    ),
    Worry(
        "the family faces eviction",
        3,
        ("FAM-3-02",),
        (
            "The family has been served notice for rent arrears and must leave by the end of "
            "the month. {Parent} is very anxious and the children are unsettled.",
        ),
        ("debt and housing advice", "the housing options team"),
    ),
    Worry(
        "health appointments for the child's condition are often missed",
        3,
        ("DEV-3-01",),
        (
            "The child has epilepsy and has missed three clinic appointments this year; the "
            "medicine is not always given as prescribed.",
        ),
        ("the school nurse", "the children's community nursing team"),
        (2, 17),
    ),
    Worry(
        "domestic abuse incident, standard risk; children asleep upstairs",
        3,
        ("FAM-3-01",),
        (
            "A neighbour reported a verbal argument between {parent} and her partner. No assault "
            "disclosed; the partner left for the night. DASH risk assessment: standard. "
            "{Child} asleep upstairs.",
        ),
        ("a domestic abuse service",),
    ),
    Worry(
        "anti-social behaviour by the young person in the neighbourhood",
        3,
        ("FAM-3-05", "DEV-3-05"),
        (
            "The young person has been involved in stone-throwing and damage to cars with older "
            "teenagers. The parents are cooperating with the police.",
        ),
        ("a youth service",),
        (11, 17),
    ),
    Worry(
        "argument at home overnight; the young person stayed with a relative",
        3,
        ("FAM-3-04",),
        (
            "EDT called by police before midnight after a row between the young person and "
            "{parent}. They agreed to stay with an aunt overnight. The Hub to follow up.",
        ),
        ("family mediation", "a parenting programme"),
        (12, 17),
    ),
    Worry(
        "parent taken to hospital overnight; children cared for by a grandparent",
        3,
        ("PAR-2-03",),
        (
            "{Parent} was taken to hospital by ambulance in the evening. EDT arranged for "
            "{child} to stay with their grandmother, who can care for them for a few days.",
        ),
        ("the family hub", "young carers support"),
    ),
    Worry(
        "police called out of hours to a disturbance at the family home",
        3,
        ("FAM-3-01",),
        (
            "Police called out after 1am to shouting at the address; no offences disclosed. EDT "
            "spoke to {parent} by phone; {child} safe and asleep.",
        ),
        ("a domestic abuse service", "the family hub"),
    ),
    Worry(
        "the family has moved here; their previous authority asked what is known",
        2,
        (),
        (
            "The family moved from the requesting authority's area last month. It asks whether "
            "the family is known here and about any current involvement.",
        ),
        ("information shared with the requesting authority",),
    ),
    Worry(
        "another authority asked for information for a court report",
        2,
        (),
        (
            "The requesting authority is preparing a report for private law proceedings about "
            "{child} and asks what is known here.",
        ),
        ("information shared with the requesting authority",),
    ),
)
GENERIC_WORRY = WORRIES["worries about neglect"]


@dataclass(frozen=True)
class Source:
    """Where a contact comes from: the chronology's words, the kind of contact, the agency,
    the referrer's roles, the children it is about, its share of the year and its worries."""

    label: str
    kind: str
    agency: str | None
    roles: tuple[str, ...]
    weight: int  # percent of a year's contacts
    worries: tuple[str, ...]
    ages: tuple[int, int] = (0, 17)
    one_child: float = 0.0  # chance the contact is about one child rather than all of them


RFS = ContactKind.REQUEST_FOR_SUPPORT
SOURCES = (
    Source(
        "Request for Support from school",
        RFS,
        "school",
        ("Designated safeguarding lead", "Deputy safeguarding lead", "Head of year"),
        21,
        (
            *["worries about poor school attendance"] * 3,
            *["worries about the child's emotional wellbeing"] * 2,
            "worries about the child's behaviour at home",
            "worries about neglect",
            "worries about domestic abuse at home",
            "the family is struggling with money and food",
            "the child is a young carer for a parent",
            "parents separating; the children are caught up in arguments",
            "the young person is at risk of exclusion from school",
            "the young person has been self-harming",
            "worries about the children being left alone",
            "worries about a parent's mental health",
        ),
        (4, 17),
        0.7,
    ),
    Source(
        "Police notification",
        ContactKind.POLICE_NOTIFICATION,
        POLICE,
        ("Police constable", "Detective constable", "Police sergeant"),
        21,
        (
            *["domestic abuse incident at the family home, children present"] * 3,
            *["domestic abuse incident, standard risk; children asleep upstairs"] * 3,
            *["concern for welfare call to the family home"] * 2,
            "child found out late at night",
            "parent arrested; children cared for by a relative",
            "anti-social behaviour by the young person in the neighbourhood",
        ),
    ),
    Source(
        "Police notification",
        ContactKind.POLICE_NOTIFICATION,
        POLICE,
        ("Police constable", "Police sergeant"),
        7,
        ("child reported missing from home",),
        (11, 17),
        1.0,
    ),
    Source(
        "Request for Support from health visitor",
        RFS,
        HEALTH,
        ("Health visitor",),
        10,
        (
            *["Mum is struggling with the baby's routines and her mood"] * 3,
            "the child's speech and development are behind",
            "worries about domestic abuse at home",
            "worries about neglect",
            *["worries about a parent's mental health"] * 2,
            "the family is isolated and has little support",
            "the family is living in overcrowded, damp housing",
            "the family is struggling with money and food",
        ),
        (0, 4),
    ),
    Source(
        "Request for Support from school nurse",
        RFS,
        HEALTH,
        ("School nurse",),
        3,
        (
            "the young person has been self-harming",
            "worries about the child's emotional wellbeing",
            "health appointments for the child's condition are often missed",
            "the child is a young carer for a parent",
        ),
        (5, 17),
        1.0,
    ),
    Source(
        "Request for Support from GP",
        RFS,
        None,
        ("GP",),
        4,
        (
            *["worries about a parent's mental health"] * 2,
            "worries about a parent's alcohol use",
            "worries about a parent's drug use",
            "worries about the child's emotional wellbeing",
            "health appointments for the child's condition are often missed",
        ),
    ),
    Source(
        "Request for Support from nursery",
        RFS,
        NURSERY,
        ("Nursery manager", "Early years practitioner"),
        4,
        (
            *["the child's speech and development are behind"] * 2,
            "worries about neglect",
            "the family is struggling with money and food",
            "worries about the child's behaviour at home",
        ),
        (1, 4),
        1.0,
    ),
    Source(
        "Request for Support from housing",
        RFS,
        HOUSING,
        ("Housing officer", "Tenancy support officer"),
        5,
        (
            *["the family is living in overcrowded, damp housing"] * 2,
            *["the family faces eviction"] * 2,
            "worries about the home conditions",
            "anti-social behaviour by the young person in the neighbourhood",
            "worries about domestic abuse at home",
        ),
    ),
    Source(
        "Request for Support from adult mental health services",
        RFS,
        None,
        ("Community mental health nurse", "Care coordinator"),
        4,
        (*["worries about a parent's mental health"] * 3, "worries about a parent's drug use"),
    ),
    Source(
        "Request for Support from the substance misuse service",
        RFS,
        None,
        ("Recovery worker",),
        3,
        ("worries about a parent's drug use", "worries about a parent's alcohol use"),
    ),
    Source(
        "Request for Support from a voluntary organisation",
        RFS,
        VOLUNTARY,
        ("Family support worker", "Youth worker"),
        3,
        (
            "the family is struggling with money and food",
            "the family is isolated and has little support",
            "parents separating; the children are caught up in arguments",
            "the child is a young carer for a parent",
            "worries about the child's behaviour at home",
        ),
    ),
    Source(
        "The family asked for help",
        ContactKind.PHONE,
        None,
        ("Parent",),
        6,
        (
            *["worries about the child's behaviour at home"] * 3,
            "the family is struggling with money and food",
            "the family is living in overcrowded, damp housing",
            "parents separating; the children are caught up in arguments",
            "the young person may become homeless after family arguments",
            "worries about the child's emotional wellbeing",
        ),
    ),
    Source(
        "Call from a relative",
        ContactKind.PHONE,
        None,
        ("Grandparent", "Aunt", "Uncle"),
        3,
        (
            "worries about neglect",
            "worries about a parent's alcohol use",
            "worries about a parent's drug use",
            "worries about the children being left alone",
            "worries about domestic abuse at home",
        ),
    ),
    Source(
        "Call from a member of the public",
        ContactKind.PHONE,
        None,
        ("Neighbour", "Member of the public"),
        2,
        (
            *["worries about the children being left alone"] * 2,
            "worries about neglect",
            "worries about domestic abuse at home",
        ),
    ),
    Source(
        "Emergency Duty Team record handed to the Hub",
        ContactKind.EDT_RECORD,
        None,
        (),
        3,
        (
            "argument at home overnight; the young person stayed with a relative",
            "parent taken to hospital overnight; children cared for by a grandparent",
            "police called out of hours to a disturbance at the family home",
        ),
    ),
    Source(
        "Request for information from another authority",
        ContactKind.REQUEST_FOR_INFORMATION,
        None,
        ("Social worker", "Team manager"),
        1,
        (
            "the family has moved here; their previous authority asked what is known",
            "another authority asked for information for a court report",
        ),
    ),
)
_SOURCE_CUM = tuple(accumulate(s.weight for s in SOURCES))
# The casework's sources that are not in the table above (or read differently there).
CASEWORK_SOURCES = {
    "Request for Support from the hospital": Source(
        "Request for Support from the hospital",
        RFS,
        HEALTH,
        ("Named nurse for safeguarding", "Paediatric registrar"),
        0,
        (),
    ),
    "Request for Support from the community paediatrician": Source(
        "Request for Support from the community paediatrician",
        RFS,
        HEALTH,
        ("Community paediatrician",),
        0,
        (),
    ),
    **{s.label: s for s in SOURCES[::-1] if s.label != "Police notification"},
    "Police notification": SOURCES[1],
}
OTHER_AUTHORITIES = (
    "Lancashire County Council",
    "Blackburn with Darwen Council",
    "Cumberland Council",
    "Wigan Council",
    "Liverpool City Council",
    "Manchester City Council",
)
STRENGTHS = (
    "{Parent} is open with staff and says she wants help.",
    "The children are warm and close to each other.",
    "Nan lives nearby and helps with school runs and tea.",
    "Dad keeps in touch with school and comes to parents' evenings.",
    "The children are well presented and love coming to school.",
    "{Parent} did well on a parenting course before and knows what helped.",
    "The family use the family hub's stay-and-play sessions.",
    "There is a good relationship with the class teacher.",
    "{Parent} has registered with a GP and is going to appointments.",
    "The parents agree that things need to change and want to work with services.",
    "The children are meeting their milestones.",
    "An aunt the children love has them to stay at weekends.",
    "{Parent} asked for help herself, which is a real strength.",
)
VOICE_BABY = (
    "Too young to say; settled and smiling with {parent} at the visit.",
    "A baby: seen content and well cared for at the visit.",
)
VOICE_TODDLER = (
    "Too young to say much; happy to play and went to {parent} for comfort.",
    "Chatty at nursery and says they like the sand tray and their key worker.",
)
VOICE_CHILD = (
    '"I like school because it\'s calm."',
    '"I get worried when Mum is sad."',
    '"I want the shouting to stop."',
    '"Sometimes there isn\'t any tea."',
    '"I like it when Nan picks me up."',
)
VOICE_TEEN = (
    '"I just want things to calm down at home."',
    '"Nobody listens to me at home."',
    '"I\'m fine, I just need some space."',
    '"I don\'t want to get Mum in trouble, I just want help."',
)
IMPORTANT_PEOPLE = (
    "Mum, Nan and their older sister",
    "Dad, their grandparents and their best friend",
    "Mum and their class teacher",
    "Their aunt and cousins",
    "Mum, her partner and the family dog",
    "Their brothers and sisters, and Grandad",
)
DISPENSED_HARM = (
    "Asking the family first could put the child at greater risk of harm.",
    "The child is frightened to go home; telling the parents before the Hub acts could put "
    "them at risk.",
)
DISPENSED_DECLINED = (
    "{Parent} was told about the worries but did not agree to this request.",
    "The family were told about the request and did not want it made.",
)
REASONS = {
    rules.Outcome.SIGNIFICANT_HARM: (
        "Worries about significant harm: {worry}. Strategy discussion with police and health "
        "needed today.",
        "{Worry}. The child may be suffering significant harm; a strategy discussion is needed "
        "to plan how to keep them safe.",
    ),
    rules.Outcome.STATUTORY_ASSESSMENT: (
        "{Worry}. The family needs support to keep the children safe and meet their needs, "
        "and earlier help has not been enough. Child and Family Assessment.",
        "Needs at Level 3 to 4 across several areas ({worry}), and the checks add to the "
        "worries. An assessment will show what support the family needs.",
    ),
    rules.Outcome.SPECIALIST_ASSESSMENT: (
        "The child's needs arise from disability ({worry}); the Supporting Children with "
        "Complex Needs team is best placed to assess them with the family.",
    ),
    rules.Outcome.EARLY_HELP: (
        "The family is struggling ({worry}) but there are no worries about significant harm, "
        "so the Early Help Hub will agree which agency is best placed to help.",
        "Needs at Level 3 ({worry}); an Early Help Assessment and a Team Around the Family "
        "plan should help. No worries about significant harm.",
    ),
    rules.Outcome.SIGNPOST: (
        "{Worry}. No worries about significant harm, and the family's needs can be met "
        "without an assessment. {Parent} was helped to contact {signpost}.",
        "Checks show nothing further of concern. The family needs some help but not an "
        "assessment; helped to reach {signpost} directly.",
    ),
    rules.Outcome.FAMILY_DECLINED: (
        "{Parent} was spoken to and does not want support at the moment. There are no worries "
        "about significant harm, so the family's wishes are respected.",
        "The family said no to support when the Hub called. No worries about significant harm; "
        "the referrer can contact the Hub again if worries grow.",
    ),
}
RFI_REASON = "Information shared with the requesting authority; nothing further is needed here."
# What the casework's decisions say, and the outcome behind each.
CASEWORK_OUTCOMES = {
    "Child and Family Assessment by Assessment and Support": rules.Outcome.STATUTORY_ASSESSMENT,
    "pre-birth assessment by Assessment and Support": rules.Outcome.STATUTORY_ASSESSMENT,
    "strategy discussion; significant harm suspected": rules.Outcome.SIGNIFICANT_HARM,
    "specialist assessment by Supporting Children with Complex Needs": (
        rules.Outcome.SPECIALIST_ASSESSMENT
    ),
    "to the Early Help Hub to agree the lead agency": rules.Outcome.EARLY_HELP,
    "no assessment needed; the family was helped to access services": rules.Outcome.SIGNPOST,
    "the family did not want support and there is no significant harm": (
        rules.Outcome.FAMILY_DECLINED
    ),
    "to Awaken for a return home interview and exploitation assessment": rules.Outcome.SIGNPOST,
}
# The words the casework uses for a decision, for the chronology of the contacts made here.
DECISION_WORDS = {
    rules.Outcome.SIGNIFICANT_HARM: "strategy discussion; significant harm suspected",
    rules.Outcome.STATUTORY_ASSESSMENT: "Child and Family Assessment by Assessment and Support",
    rules.Outcome.EARLY_HELP: "to the Early Help Hub to agree the lead agency",
    rules.Outcome.SIGNPOST: "no assessment needed; the family was helped to access services",
    rules.Outcome.FAMILY_DECLINED: (
        "the family did not want support and there is no significant harm"
    ),
}
# For the contacts made here, by the level of the worry. A Child and Family Assessment
# from these has finished (no further action, or early help): open cases are the casework's.
OUTCOME_WEIGHTS = {
    2: (
        (rules.Outcome.SIGNPOST, 60),
        (rules.Outcome.EARLY_HELP, 23),
        (rules.Outcome.FAMILY_DECLINED, 14),
        (rules.Outcome.STATUTORY_ASSESSMENT, 3),
    ),
    3: (
        (rules.Outcome.EARLY_HELP, 42),
        (rules.Outcome.SIGNPOST, 23),
        (rules.Outcome.FAMILY_DECLINED, 14),
        (rules.Outcome.STATUTORY_ASSESSMENT, 21),
    ),
}
ASSESSMENT_OUTCOMES = (  # what a finished assessment found, and how the case closed
    (
        "no further action",
        "Case closed: no further action after the Child and Family Assessment",
    ),
    (
        "stepped down to early help",
        "Case closed: stepped down to early help with the family's agreement",
    ),
)
FINISHED_BY = 80  # days: statutory decisions made here are at least this old, so finished
CHECK_RESULTS = {
    CheckAgency.POLICE: (
        "No previous call-outs to the address.",
        "Two domestic-related call-outs in the last year; no arrests.",
        "One concern for welfare call last year; no further action.",
    ),
    CheckAgency.HEALTH: (
        "Children up to date with immunisations and checks.",
        "Two health visitor appointments missed; seen at the last one and doing well.",
        "Mum is open to the perinatal mental health team and attending.",
    ),
    CheckAgency.SCHOOL: (
        "Attendance 93% this year; no safeguarding concerns logged.",
        "Attendance 84% and often late. Staff have noticed the child is tired.",
        "Well presented and settled in class; the family engage with school.",
    ),
}
EARLY_HELP_LEADS = (  # (agency slug, ages it suits) for leading an Early Help Assessment
    (DEMO_SCHOOL, (4, 11)),
    (SIXTH_FORM, (16, 17)),
    (HEALTH, (0, 4)),
    (NURSERY, (1, 4)),
    (VOLUNTARY, (0, 17)),
    (HOUSING, (0, 17)),
)

# ---------------------------------------------------------------------------------------------
# The Advice Line: professionals asking without naming anyone
# ---------------------------------------------------------------------------------------------

ADVICE = (
    (
        AgencyKind.SCHOOL,
        "Year 6 teacher",
        "A pupil says their parents argue a lot at night and they find it hard to sleep. No "
        "marks or injuries seen. Should the school make a Request for Support?",
        "Talk to the designated safeguarding lead first. Speak to the parent about what the "
        "child said and offer the school's support. If it sounds like domestic abuse, or the "
        "child is frightened, make a Request for Support at Level 3.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.SCHOOL,
        "Designated safeguarding lead",
        "Attendance for a Year 9 pupil has dropped to about 70% and the parent says the young "
        "person refuses to come. No other worries. What should we do?",
        "This is usually Level 2: work with the family and the attendance team, and use the "
        "FYI directory for support with anxiety. Make a request if other worries appear.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.SCHOOL,
        "Head of year",
        "A student has told a friend they are being sent money and gifts by an older man they "
        "met online. The student will not talk to staff about it.",
        "This could be exploitation and needs reporting now: call the Hub line and the police "
        "on 101, or 999 if the student is in danger today. Keep a note of what was said.",
        AdviceOutcome.REPORT_NOW,
    ),
    (
        AgencyKind.SCHOOL,
        "Reception class teacher",
        "A child often arrives without breakfast and with a wet nappy in their bag. The parent "
        "is friendly and says things are hard at the moment.",
        "Offer breakfast club and talk to the parent about help from the family hub. If things "
        "do not improve, or other signs of neglect appear, make a Request for Support at "
        "Level 3 with the parent's consent.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.SCHOOL,
        "Special educational needs coordinator",
        "Parents of an autistic child are exhausted and asked about short breaks. Is that a "
        "request for children's social care?",
        "Yes: make a Request for Support with the parents' agreement, describing the child's "
        "needs and what the family has tried. It may lead to a specialist assessment by the "
        "Complex Needs team.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.SCHOOL,
        "Pastoral lead",
        "A pupil said their dad hit them with a slipper last night. There is a faint red mark. "
        "Do we need consent to refer?",
        "No: where a child may be suffering significant harm, consent can be dispensed with. "
        "Phone the Hub now, then make the Request for Support at Level 4 and record why "
        "consent was not sought.",
        AdviceOutcome.REPORT_NOW,
    ),
    (
        AgencyKind.SCHOOL,
        "Class teacher",
        "A child seems low and tearful since the parents separated. The parent asked the "
        "school what help there is.",
        "Level 2: the school can support this with the parent, using the mental health support "
        "team in schools and family hub courses for separating parents. No request is needed.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.HEALTH,
        "Health visitor",
        "A mother of a newborn has told me she feels very low and is not sleeping, but she has "
        "good support from her own mother. Does this need a request?",
        "Not on its own: talk to the GP and the perinatal mental health team with her, and "
        "offer Blackpool Better Start. Make a request if her mood affects the baby's care or "
        "she is not getting support.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.HEALTH,
        "Health visitor",
        "On a new birth visit the home was very cold and cluttered, and there is a dog that "
        "was not kept away from the baby. The parents were defensive.",
        "Talk to the parents about safe sleep and the dog, and offer the family hub. If the "
        "conditions do not improve at the next visit, make a Request for Support at Level 3.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.HEALTH,
        "Midwife",
        "A pregnant woman has disclosed that a previous child was adopted. She is now in a new "
        "relationship and is doing well. Should I refer before the birth?",
        "Yes, with her knowledge: a pre-birth Request for Support lets the Hub consider a "
        "pre-birth assessment in good time. Include what has changed and her strengths.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.HEALTH,
        "School nurse",
        "A teenager told me they have been self-harming for a few weeks. Their parent knows "
        "and is supportive. Do I need to refer to children's social care?",
        "Not if the parent is supportive and there are no other worries: refer to child and "
        "adolescent mental health services with consent and agree a safety plan. Ring again "
        "if things change.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.HEALTH,
        "GP",
        "A parent with depression has stopped taking medication and says they are struggling "
        "to look after their children. Is this a safeguarding matter?",
        "Make a Request for Support at Level 3 with the parent's agreement, describing how the "
        "children's care is affected. Continue the treatment review.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.HEALTH,
        "Practice nurse",
        "A toddler has missed all their immunisations and the parent did not reply to three "
        "letters. Otherwise no worries are known.",
        "On its own this is Level 2: ask the health visitor to follow it up with the family. "
        "Make a request only if other worries come to light.",
        AdviceOutcome.NO_FURTHER_ACTION,
    ),
    (
        AgencyKind.POLICE,
        "Neighbourhood police officer",
        "A young person is often out late in the town centre with an older group. Parents say "
        "they cannot stop it. Where should this go?",
        "Submit a police notification to the Hub and share it with Awaken, who lead on "
        "exploitation and missing. The Hub will consider an exploitation risk assessment.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.POLICE,
        "Police constable",
        "Attended a verbal argument between separated parents at a handover. No offences, "
        "children present and upset. Does this need a notification?",
        "Yes: send the notification with the DASH risk level. The Hub will decide whether "
        "early help or a family mediation service would help.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.HOUSING,
        "Housing officer",
        "A family with three young children is about to be evicted for arrears. The parent is "
        "very anxious but the children seem well cared for.",
        "This is about money and housing rather than the children's safety: refer to debt "
        "advice and the housing options team through the FYI directory. Make a request if the "
        "family becomes homeless.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.HOUSING,
        "Tenancy support officer",
        "At a tenancy visit the flat was in a very poor state with no food in and a child "
        "asleep on a bare mattress.",
        "This sounds like neglect: make a Request for Support at Level 3 today, with the "
        "parent's consent if it can be sought quickly, and describe exactly what you saw.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.VOLUNTARY,
        "Youth worker",
        "A young person told me they were kicked out after an argument and slept at a "
        "friend's house. They are going back home tonight.",
        "Talk to them about what would help and whether home is safe tonight. If they cannot "
        "go home, call the Hub line straight away; otherwise family mediation can help.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.VOLUNTARY,
        "Family support worker",
        "A parent I support has started drinking again and the children have missed school "
        "this week. She wants help but is frightened of losing them.",
        "Make a Request for Support at Level 3 with her agreement, and say that she asked for "
        "help: that is a strength. Support her to contact the drug and alcohol service.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.EARLY_YEARS,
        "Nursery manager",
        "A three-year-old has very little speech and sometimes arrives hungry. The parent is "
        "friendly and accepts help.",
        "Start with an Early Help Assessment led by the nursery with the parent, and a "
        "referral to speech and language therapy. Make a request if the hunger continues.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.EARLY_YEARS,
        "Early years practitioner",
        "A child has a small bruise on the upper arm and said an adult grabbed them. The "
        "parent says it happened at the park.",
        "A bruise with an account like this needs to be reported now. Ring the Hub line, then "
        "complete the Request for Support at Level 4. Do not ask the child leading questions.",
        AdviceOutcome.REPORT_NOW,
    ),
    (
        AgencyKind.HEALTH,
        "Health visitor",
        "A father has asked for help with his partner's drinking. He says the children are "
        "safe with him but he is exhausted.",
        "Talk to him about the drug and alcohol service's support for families and the family "
        "hub. If the children are affected, make a Request for Support at Level 3.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.SCHOOL,
        "Designated safeguarding lead",
        "A young carer is missing lessons to look after a parent with a long-term illness. "
        "The family does not want social workers involved.",
        "Respect that, and offer young carers support and an Early Help Assessment led by the "
        "school, with the family's agreement. No request is needed unless worries grow.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.SCHOOL,
        "Deputy safeguarding lead",
        "We made a Request for Support last month and the family were signposted. Things have "
        "got worse. Can we refer again?",
        "Yes: make a new Request for Support, say what has changed since the last one and what "
        "support the family took up. The Hub will see the earlier request.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.POLICE,
        "Detective constable",
        "A parent was arrested this evening and the children are with a grandparent who is "
        "happy to have them. Does the Hub need to know tonight?",
        "Tonight, tell the Emergency Duty Team if the arrangement might break down. Otherwise "
        "send the notification and the Hub will check on the children tomorrow.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.VOLUNTARY,
        "Foodbank volunteer",
        "A family has used the foodbank every week for two months and the children look thin. "
        "The parent says benefits have been stopped.",
        "Help the family get debt and benefits advice through the FYI directory and the family "
        "hub. If the children's needs are not being met, make a Request for Support.",
        AdviceOutcome.SIGNPOSTED,
    ),
    (
        AgencyKind.HEALTH,
        "Community mental health nurse",
        "A patient with psychosis has become unwell again and has two children at home. "
        "Their partner is coping well for now.",
        "The children seem safe with the partner: share your crisis plan with them and make a "
        "Request for Support at Level 3 so the family can be offered help.",
        AdviceOutcome.SUBMIT_REQUEST,
    ),
    (
        AgencyKind.SCHOOL,
        "Teaching assistant",
        "A child said they are scared of a parent's new partner but would not say why. No "
        "other signs.",
        "Pass this to your designated safeguarding lead today and record the child's exact "
        "words. The lead can call the Advice Line again or make a request.",
        AdviceOutcome.NO_FURTHER_ACTION,
    ),
)


# ---------------------------------------------------------------------------------------------
# The plan: rows to write, in memory
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedNamed:
    """Someone named on a contact, as the referrer wrote them, and who they are (if known)."""

    role: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    sex: str
    person: int | None  # position in the population; None until the Hub matches them
    relationship: str = ""
    lives_with_child: bool | None = None
    nhs_number: str = ""
    matched_by: User | None = None


@dataclass(slots=True)
class PlannedCheck:
    agency: str
    requested_at: dt.datetime
    requested_by: User
    received_at: dt.datetime | None = None
    summary: str = ""


@dataclass(slots=True)
class PlannedDecision:
    outcome: str
    route: rules.Route
    reason: str
    signposted_to: str
    decided_by: User
    decided_at: dt.datetime
    was_on_time: bool


@dataclass(slots=True)
class PlannedFrontContact:
    """A contact and everything about it. `origin` says where it came from: "story" (a case's
    contact in the casework), "year" (the rest of the year's contacts), "strategy" (decided
    yesterday, strategy discussion to hold), "queue" or "draft"."""

    origin: str
    kind: str
    status: str
    worry: Worry
    source_label: str
    received_at: dt.datetime | None = None
    rag: str = "amber"
    due_at: dt.datetime | None = None
    reference: str | None = None
    agency: Agency | None = None
    submitted_by: User | None = None
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    claimed_level: int | None = None
    worries: str = ""
    strengths: str = ""
    child_voice: str = ""
    important_people: str = ""
    home: Home | None = None
    consent: str = Consent.NOT_YET
    consent_dispensed_reason: str = ""
    safeguarding_lead_consulted: bool | None = None
    screened_by: User | None = None
    screening_started_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    version: int = 1
    named: list[PlannedNamed] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    checks: list[PlannedCheck] = field(default_factory=list)
    decision: PlannedDecision | None = None
    story: PlannedContact | None = None
    parent: str = "Mum"
    allocate_to: User | None = None  # "strategy": the Assessment and Support worker
    lead_agreed: dt.date | None = None  # early help: when the Early Help Hub agreed the lead
    lead: Agency | None = None
    # A Child and Family Assessment the contact led to: (worker, completed, closed, outcome).
    assessed: tuple[User, dt.date, dt.date, int] | None = None

    @property
    def received_on(self) -> dt.date:
        assert self.received_at is not None
        return self.received_at.astimezone(LONDON).date()


@dataclass(slots=True)
class PlannedWork:
    """An assessment, strategy discussion or early help request that a decision started."""

    model: str  # "assessment", "strategy" or "early_help"
    person: int
    contact: int  # index into the plan's contacts
    team: str
    kind: str = ""
    status: str = ""
    worker: User | None = None
    referral_date: dt.date | None = None
    started_on: dt.date | None = None
    due_on: dt.date | None = None
    completed_on: dt.date | None = None
    requested_at: dt.datetime | None = None
    held_on: dt.date | None = None
    lead_agency: Agency | None = None


@dataclass(slots=True)
class PlannedAdvice:
    caller_agency_kind: str
    caller_role: str
    question: str
    advice: str
    outcome: str
    recorded_by: User
    recorded_at: dt.datetime


Write = Callable[[type[models.Model], Iterable[models.Model], int, str], list[int]]


@dataclass
class FrontDoorPlan:
    teams: dict[str, Team]
    contacts: list[PlannedFrontContact] = field(default_factory=list)
    work: list[PlannedWork] = field(default_factory=list)
    advice: list[PlannedAdvice] = field(default_factory=list)
    # (index into Casework.events, "contact" / "decision" / "work", index into those lists)
    links: list[tuple[int, str, int]] = field(default_factory=list)

    def write(
        self, events: list[PlannedEvent], person_pk: list[int], write: Write
    ) -> dict[str, int]:
        """Insert everything in bulk (after the people, before the chronology) and point the
        planned chronology events at the records they came from. Returns row counts."""
        return write_front_door(self, events, person_pk, write)


# ---------------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------------


def plan_front_door(
    population: Population, casework: Casework, staff: Staff, rng: random.Random
) -> FrontDoorPlan:
    """Plan the front door's records in memory; adds chronology events (and a few
    allocations) to `casework`, which the generator writes."""
    agencies = {a.slug: a for a in Agency.objects.filter(is_active=True)}
    teams = {t.slug: t for t in Team.objects.filter(is_active=True)}
    return FrontDoorPlanner(population, casework, staff, rng, agencies=agencies, teams=teams).run()


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def previous_hub_day(day: dt.date) -> dt.date:
    """The last day before `day` that the Hub was open."""
    day -= dt.timedelta(days=1)
    while rules.hub_hours_on(day) is None:
        day -= dt.timedelta(days=1)
    return day


def next_hub_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while rules.hub_hours_on(day) is None:
        day += dt.timedelta(days=1)
    return day


def misspell(name: str, rng: random.Random) -> str:
    """The name as a referrer might mistype it: a doubled or dropped letter, two letters the
    wrong way round, a vowel swapped or a different ending ("Jayden" as "Jaiden")."""
    lower = name.lower()
    options: list[str] = []
    for i in range(1, len(name) - 1):
        if lower[i] == lower[i + 1] and lower[i].isalpha():
            options.append(name[: i + 1] + name[i + 2 :])  # Harrison: Harison
    for old, new in (("y", "i"), ("ie", "y"), ("ey", "y"), ("ph", "f"), ("ck", "k"), ("ae", "a")):
        position = lower.find(old, 1)
        if position > 0:
            options.append(name[:position] + new + name[position + len(old) :])
    if lower.endswith("y"):
        options.append(name[:-1] + "ie")
    for i in range(1, len(name) - 2):
        if name[i].isalpha() and name[i + 1].isalpha() and lower[i] != lower[i + 1]:
            options.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])  # Kayla: Kalya
            break
    swaps = {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o"}
    for i in range(1, len(name) - 1):
        if lower[i] in swaps:
            options.append(name[:i] + swaps[lower[i]] + name[i + 1 :])
            break
    for i in range(1, len(name) - 1):
        if lower[i].isalpha() and lower[i] not in "aeiouy" and lower[i] != lower[i + 1]:
            options.append(name[: i + 1] + lower[i] + name[i + 1 :])  # Amelia: Ammelia
            break
    options = sorted({o for o in options if o and o.lower() != lower})
    if not options:
        return name + "e"
    chosen = rng.choice(options)
    return chosen[0].upper() + chosen[1:]


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class FrontDoorPlanner:
    """Plans the front door's records from the population, the casework and the staff."""

    def __init__(
        self,
        population: Population,
        casework: Casework,
        staff: Staff,
        rng: random.Random,
        *,
        agencies: dict[str, Agency],
        teams: dict[str, Team],
    ) -> None:
        self.pop = population
        self.people = population.people
        self.casework = casework
        self.staff = staff
        self.rng = rng
        self.today = population.today
        self.scale = population.children_count / DEFAULT_SIZE
        self.agencies = agencies
        self.anchor = at(self.today, LAST_NIGHT)
        self.last_day = previous_hub_day(self.today)
        self.window_start = self.today - dt.timedelta(days=WINDOW_DAYS)
        self.plan = FrontDoorPlan(teams)
        hub = staff.workers.get(HUB) or [staff.sign_ins["hub.demo"]]
        self.hub_workers = hub
        self.deciders = [
            w for w in hub if w.job_title in ("Hub social worker", "Early help specialist")
        ] or hub
        self.checkers = {
            CheckAgency.POLICE: [w for w in hub if w.job_title == "Police officer (Hub)"] or hub,
            CheckAgency.HEALTH: [w for w in hub if w.job_title == "Health practitioner (Hub)"]
            or hub,
            CheckAgency.SCHOOL: self.deciders,
        }
        self.edt_workers = staff.workers.get(EMERGENCY_DUTY) or hub
        self.early_help_workers = staff.workers.get(EARLY_HELP_HUB) or hub
        self.partners: dict[str, list[User]] = {}
        for user in staff.users:
            if user.role == Role.PARTNER and user.agency is not None:
                self.partners.setdefault(user.agency.slug, []).append(user)
        self.school_demo = staff.sign_ins.get("school.demo")
        self.family_of: dict[int, Family] = {}
        for family in population.families:
            for child in family.children:
                self.family_of[child] = family
        self.carer_kind: dict[tuple[int, int], str] = {}
        for person, other, kind, *_ in population.relationships:
            if kind in (
                RelationshipKind.PARENT,
                RelationshipKind.STEP_PARENT,
                RelationshipKind.GRANDPARENT,
            ):
                self.carer_kind[(person, other)] = kind
        self.open_people = {a.person for a in casework.allocations if a.end is None}
        self.history: list[tuple[dt.date, int]] = []  # (day, family index) of the year's contacts
        self.busy_until: dict[int, dt.date] = {}  # family index: the end of its last episode
        self.pool: list[Family] = []
        self.work_of: dict[tuple[int, int], int] = {}  # (contact, person): what it started

    def run(self) -> FrontDoorPlan:
        self.from_casework()
        self.make_pool()
        self.strategy_discussions_to_hold()
        self.year_of_contacts()
        self.queue()
        self.drafts()
        self.number()
        self.chronology()
        self.advice_line()
        return self.plan

    # Small helpers -------------------------------------------------------------------------

    def made_up_name(self) -> tuple[str, str]:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.7 else Sex.MALE
        return names.first_name(rng, sex, rng.randint(1960, 1998)), names.family_name(rng)

    def phone(self) -> str:
        """A number from Ofcom's ranges kept for drama: never a real one."""
        if self.rng.random() < 0.5:
            return f"07700 900{self.rng.randint(0, 999):03d}"
        return f"01632 960{self.rng.randint(0, 999):03d}"

    def ages_on(self, positions: Iterable[int], day: dt.date) -> list[tuple[int, int]]:
        """(position, age) of those who exist on the day and are under 18; an unborn child
        known about by then counts as 0."""
        found = []
        for position in positions:
            person = self.people[position]
            if not person.exists_on(day):
                continue
            age = person.age_on(day)
            if age is None:
                found.append((position, 0))
            elif age < 18:
                found.append((position, age))
        return found

    def home_on(self, position: int, day: dt.date) -> Home | None:
        person = self.people[position]
        current = None
        for address in person.addresses:
            if address.start is not None and address.start > day and current is not None:
                break
            current = address.home
        return current

    def parent_word(self, family: Family | None) -> str:
        if family is None or not family.carers or not family.children:
            return "Mum"
        carer = family.carers[0]
        female = self.people[carer].sex == Sex.FEMALE
        if self.carer_kind.get((carer, family.children[0])) == RelationshipKind.GRANDPARENT:
            return "Nan" if female else "Grandad"
        return "Mum" if female else "Dad"

    @staticmethod
    def fill(text: str, children: int, parent: str) -> str:
        child = "the child" if children == 1 else "the children"
        return text.format(child=child, Child=first_upper(child), parent=parent, Parent=parent)

    def voice(self, age: int, parent: str) -> str:
        if age < 2:
            pool = VOICE_BABY
        elif age < 5:
            pool = VOICE_TODDLER
        elif age < 12:
            pool = VOICE_CHILD
        else:
            pool = VOICE_TEEN
        return self.fill(self.rng.choice(pool), 1, parent)

    def add(self, contact: PlannedFrontContact) -> int:
        self.plan.contacts.append(contact)
        return len(self.plan.contacts) - 1

    def agency_for(self, source: Source, ages: list[tuple[int, int]]) -> Agency | None:
        slug = source.agency
        if slug == "school":
            if ages and min(a for _, a in ages) >= 16 and self.rng.random() < 0.6:
                return self.agencies.get(SIXTH_FORM)
            return None  # one of the town's other schools, not on the system in the demo
        return self.agencies.get(slug) if slug else None

    def early_help_lead(self, ages: list[tuple[int, int]]) -> Agency | None:
        """The agency best placed to lead: the school, health visitor or nursery that knows
        the children, or the family hub (the authority) or a voluntary service."""
        options = [
            self.agencies[slug]
            for slug, (low, high) in EARLY_HELP_LEADS
            if slug in self.agencies and any(low <= a <= high for _, a in ages)
        ]
        if self.authority is not None:
            options += [self.authority] * 2
        return self.rng.choice(options) if options else None

    @property
    def authority(self) -> Agency | None:
        return next(
            (a for a in self.agencies.values() if a.kind == AgencyKind.LOCAL_AUTHORITY), None
        )

    # Who, what and when ------------------------------------------------------------------

    def named_people(
        self,
        children: list[int],
        *,
        matched: bool,
        by: User | None,
        nhs: bool = False,
        misspelt: int | None = None,
        adults: bool = True,
        on: dt.date | None = None,
    ) -> list[PlannedNamed]:
        """The children, and the adults they live with, as the referrer names them `on` a
        day (a child born since was an unborn baby then)."""
        named = []
        for position in children:
            person = self.people[position]
            given, family_name = person.given_name, person.family_name
            born = person.date_of_birth
            unborn = born is None or (on is not None and born > on)
            if unborn:
                given = ""
            if misspelt == position:
                if given and self.rng.random() < 0.6:
                    given = misspell(given, self.rng)
                else:
                    family_name = misspell(family_name, self.rng)
            is_matched = matched and misspelt != position
            named.append(
                PlannedNamed(
                    PersonRole.CHILD,
                    given,
                    family_name,
                    None if unborn else born,
                    (person.expected_date_of_birth or born) if unborn else None,
                    person.sex,
                    position if is_matched else None,
                    nhs_number=person.nhs_number if nhs else "",
                    matched_by=by if is_matched else None,
                )
            )
        family = self.family_of.get(children[0]) if children and adults else None
        for carer in family.carers if family is not None else []:
            adult = self.people[carer]
            kind = self.carer_kind.get((carer, children[0]), RelationshipKind.CARER)
            female = adult.sex == Sex.FEMALE
            relationship = {
                RelationshipKind.PARENT: "Mother" if female else "Father",
                RelationshipKind.STEP_PARENT: "Stepmother" if female else "Stepfather",
                RelationshipKind.GRANDPARENT: "Grandmother" if female else "Grandfather",
            }.get(kind, "Carer")
            named.append(
                PlannedNamed(
                    PersonRole.PARENT_CARER,
                    adult.given_name,
                    adult.family_name,
                    adult.date_of_birth,
                    None,
                    adult.sex,
                    carer if matched else None,
                    relationship=relationship,
                    lives_with_child=True,
                    matched_by=by if matched else None,
                )
            )
        return named

    def referrer(self, contact: PlannedFrontContact, source: Source) -> None:
        """Who made the contact, and who took it down."""
        rng = self.rng
        kind = contact.kind
        agency = contact.agency
        if agency is not None and agency.slug == DEMO_SCHOOL and self.school_demo is not None:
            others = [u for u in self.partners.get(DEMO_SCHOOL, []) if u != self.school_demo]
            user = rng.choice(others) if others and rng.random() < 0.25 else self.school_demo
        elif kind == ContactKind.EDT_RECORD:
            worker = rng.choice(self.edt_workers)
            contact.submitted_by = worker
            contact.referrer_name = worker.get_full_name()
            contact.referrer_role = worker.job_title
            return
        else:
            users = self.partners.get(agency.slug, []) if agency is not None else []
            user = rng.choice(users) if users else None
        if user is not None and kind == RFS:
            contact.submitted_by = user
            contact.referrer_name = user.get_full_name()
            contact.referrer_role = user.job_title
            contact.referrer_email = f"{user.username}@example.org"
            return
        if user is not None:  # a police notification: sent by an officer, taken down by the Hub
            contact.referrer_name = user.get_full_name()
            contact.referrer_role = user.job_title
        else:
            first, last = self.made_up_name()
            role = rng.choice(source.roles) if source.roles else "Practitioner"
            if role == "GP":
                contact.referrer_name = f"Dr {first} {last}"
            elif role == "Member of the public" and rng.random() < 0.5:
                contact.referrer_name = "Anonymous caller"
            else:
                contact.referrer_name = f"{first} {last}"
            if kind == ContactKind.REQUEST_FOR_INFORMATION:
                role = f"{role}, {rng.choice(OTHER_AUTHORITIES)}"
            contact.referrer_role = role
            if contact.referrer_name != "Anonymous caller":
                contact.referrer_phone = self.phone()
        if kind != RFS:
            contact.submitted_by = rng.choice(self.hub_workers)

    def describe(
        self,
        contact: PlannedFrontContact,
        ages: list[tuple[int, int]],
        family: Family | None,
        *,
        harm: bool = False,
        declined: bool = False,
    ) -> None:
        """What the referrer wrote: worries, strengths, the child's words, level and consent;
        and the urgency the contact starts with."""
        rng = self.rng
        worry = contact.worry
        parent = contact.parent = self.parent_word(family)
        count = max(1, len(ages))
        contact.worries = self.fill(rng.choice(worry.details), count, parent)
        contact.strengths = self.fill(rng.choice(STRENGTHS), count, parent)
        level = 4 if harm else worry.level
        if contact.kind == RFS:
            contact.claimed_level = level
            youngest = min((a for _, a in ages), default=5)
            contact.child_voice = self.voice(youngest, parent)
            contact.important_people = rng.choice(IMPORTANT_PEOPLE)
            contact.safeguarding_lead_consulted = rng.random() < 0.92
            if harm and rng.random() < 0.5:
                contact.consent = Consent.DISPENSED
                contact.consent_dispensed_reason = rng.choice(DISPENSED_HARM)
            elif declined:
                contact.consent = Consent.DISPENSED
                contact.consent_dispensed_reason = self.fill(
                    rng.choice(DISPENSED_DECLINED), count, parent
                )
            else:
                contact.consent = Consent.GIVEN
            if worry.codes and rng.random() < 0.85:
                contact.indicators = list(worry.codes[: rng.randint(1, len(worry.codes))])
            contact.rag = ("green", "amber", "red")[min(max(level, 2), 4) - 2]
        elif level >= 4:
            contact.rag = rules.Rag.RED
        elif level <= 2 and rng.random() < 0.6:
            contact.rag = rules.Rag.GREEN
        else:
            contact.rag = rules.Rag.AMBER

    def in_hours(self, day: dt.date, *, before_close: int = 30) -> dt.datetime:
        hours = rules.hub_hours_on(day)
        if hours is None:
            return self.out_of_hours(day)
        opening, closing = hours
        span = int((closing - opening).total_seconds() // 60) - before_close
        return opening + minutes(self.rng.randint(5, max(6, span)))

    def out_of_hours(self, day: dt.date, *, evening: bool | None = None) -> dt.datetime:
        rng = self.rng
        hours = rules.hub_hours_on(day)
        if hours is None:
            return at(day, dt.time(rng.randint(0, 23), rng.randint(0, 59)))
        if evening is None:
            evening = rng.random() < 0.7
        if evening:
            closing = hours[1]
            left = int((at(day, dt.time(23, 50)) - closing).total_seconds() // 60)
            return closing + minutes(rng.randint(10, left))
        return at(day, dt.time(rng.randint(0, 7), rng.randint(0, 59)))

    def decided_moment(self, received: dt.datetime, day: dt.date) -> dt.datetime:
        """When on `day` the Hub decided on a contact received at `received`."""
        rng = self.rng
        if day >= self.today:  # before the Hub opened this morning
            early = at(self.today, dt.time(8, rng.randint(5, 50)))
            return min(max(early, received + minutes(10)), self.anchor - minutes(1))
        hours = rules.hub_hours_on(day)
        if hours is None:
            moment = at(day, dt.time(rng.randint(10, 15), rng.randint(0, 59)))
            return max(moment, received + minutes(15))
        opening, closing = hours
        start = rules.counted_as_received(received)
        earliest = max(opening + minutes(10), start + minutes(20))
        latest = closing - minutes(5)
        if earliest >= latest:
            return max(latest, received + minutes(5))
        return earliest + minutes(rng.uniform(0, (latest - earliest).total_seconds() / 60))

    def screen(self, contact: PlannedFrontContact, by: User, until: dt.datetime) -> None:
        """Screening by `by` from a while after the contact arrived; multi-agency checks."""
        rng = self.rng
        assert contact.received_at is not None
        start = max(contact.received_at, rules.counted_as_received(contact.received_at))
        if until.astimezone(LONDON).date() != start.astimezone(LONDON).date():
            hours = rules.hub_hours_on(until.astimezone(LONDON).date())
            start = hours[0] if hours is not None and hours[0] < until else contact.received_at
        span = max(1.0, (until - start).total_seconds() / 60)
        contact.screened_by = by
        contact.screening_started_at = start + minutes(rng.uniform(0, span * 0.4))

    def checks(
        self,
        contact: PlannedFrontContact,
        ages: list[tuple[int, int]],
        *,
        until: dt.datetime,
        answered: bool,
    ) -> None:
        """Checks with police, health and school: answered before `until`, or still out."""
        rng = self.rng
        started = contact.screening_started_at
        assert started is not None
        agencies = [CheckAgency.POLICE]
        if (
            any(a < 5 for _, a in ages)
            or contact.agency is not None
            and contact.agency.slug == HEALTH
        ):
            agencies.append(CheckAgency.HEALTH)
        if any(4 <= a <= 16 for _, a in ages):
            agencies.append(CheckAgency.SCHOOL)
        rng.shuffle(agencies)
        span = max(2.0, (until - started).total_seconds() / 60)
        for agency in agencies[: rng.randint(1, min(2, len(agencies)))]:
            requested = started + minutes(rng.uniform(1, span * 0.3))
            check = PlannedCheck(agency, requested, rng.choice(self.checkers[agency]))
            if answered:
                check.received_at = requested + minutes(
                    rng.uniform(0, (until - requested).total_seconds() / 60 * 0.9)
                )
                check.summary = rng.choice(CHECK_RESULTS[agency])
            contact.checks.append(check)

    def decide(
        self,
        contact: PlannedFrontContact,
        outcome: rules.Outcome,
        by: User,
        moment: dt.datetime,
        *,
        signposted_to: str = "",
        reason: str = "",
    ) -> None:
        rng = self.rng
        assert contact.due_at is not None
        consents = True if contact.consent == Consent.GIVEN else None
        route = rules.route_decision(rules.DecisionFacts(outcome=outcome, family_consents=consents))
        worry = contact.worry
        if outcome == rules.Outcome.SIGNPOST and not signposted_to:
            signposted_to = rng.choice(worry.signposts)
        if not reason:
            if contact.kind == ContactKind.REQUEST_FOR_INFORMATION:
                reason = RFI_REASON
            else:
                reason = rng.choice(REASONS[outcome]).format(
                    worry=worry.summary,
                    Worry=first_upper(worry.summary),
                    Parent=contact.parent,
                    signpost=signposted_to,
                )
        contact.decision = PlannedDecision(
            outcome.value,
            route,
            reason,
            signposted_to,
            by,
            moment,
            moment <= contact.due_at,
        )
        contact.status = ContactStatus.DECIDED

    # The casework's contacts -------------------------------------------------------------

    def from_casework(self) -> None:
        """The casework's contacts in the last year, as records behind its chronology."""
        events = self.casework.events
        for planned in self.casework.contacts:
            if planned.day <= self.window_start or planned.decided is None:
                continue
            end = planned.first_event + planned.events
            named = [events[i].person for i in range(planned.first_event, end)]
            if not named:
                # Born since: the contact was about a baby on the way (a pre-birth referral).
                named = [
                    c
                    for c in planned.children
                    if (born := self.people[c].date_of_birth) is not None
                    and born - dt.timedelta(days=150) <= planned.day < born
                ]
            if named:
                self.story_contact(planned, named)

    def story_contact(self, planned: PlannedContact, children: list[int]) -> None:
        rng = self.rng
        source = CASEWORK_SOURCES.get(planned.source, SOURCES[0])
        worry = WORRIES.get(planned.worry, GENERIC_WORRY)
        outcome = CASEWORK_OUTCOMES.get(planned.decision, rules.Outcome.SIGNPOST)
        day = planned.day
        decided_day = planned.decided or day
        family = self.family_of.get(children[0])
        ages = self.ages_on(children, day)
        contact = PlannedFrontContact(
            "story", source.kind, ContactStatus.DECIDED, worry, planned.source, story=planned
        )
        contact.agency = self.agency_for(source, ages)
        if (
            source.agency == "school"
            and DEMO_SCHOOL in self.agencies
            and ages
            and all(4 <= a <= 11 for _, a in ages)
            and rng.random() < 0.12
        ):
            contact.agency = self.agencies[DEMO_SCHOOL]
        self.referrer(contact, source)
        harm = planned.harm or outcome == rules.Outcome.SIGNIFICANT_HARM
        self.describe(
            contact, ages, family, harm=harm, declined=outcome == rules.Outcome.FAMILY_DECLINED
        )
        # When it arrived, so that the story's decision day is on time (mostly).
        hub_day = rules.hub_hours_on(day) is not None
        if day >= self.today:
            received = at(day, dt.time(rng.randint(0, 7), rng.randint(0, 59)))
        elif contact.kind == ContactKind.EDT_RECORD or not hub_day:
            received = self.out_of_hours(day, evening=decided_day > day)
        elif decided_day == day:
            received = self.in_hours(day, before_close=90)
        elif contact.rag == rules.Rag.RED and rng.random() < 0.85:
            received = self.out_of_hours(day, evening=True)
        else:
            received = self.in_hours(day)
        contact.received_at = received
        contact.due_at = rules.decision_due(received, contact.rag)
        contact.home = self.home_on(children[0], day)
        decider = planned.decided_by or rng.choice(self.deciders)
        moment = self.decided_moment(received, decided_day)
        contact.named = self.named_people(
            children, matched=True, by=decider, nhs=source.agency == HEALTH, on=day
        )
        self.screen(contact, decider, moment)
        if rng.random() < 0.6:
            self.checks(contact, ages, until=moment, answered=True)
        signposted_to = ""
        if planned.decision.startswith("to Awaken"):
            signposted_to = "Awaken: return home interview and exploitation assessment"
        elif outcome == rules.Outcome.SIGNPOST:
            signposted_to = self.signposted_in_story(planned)
        self.decide(contact, outcome, decider, moment, signposted_to=signposted_to)
        index = self.add(contact)
        self.story_work(index, contact, children)

    def signposted_in_story(self, planned: PlannedContact) -> str:
        after = planned.decision_event + planned.decision_events
        for event in self.casework.events[after : after + 1]:
            if event.kind == EventKind.CLOSURE and "signposted to " in event.summary:
                return event.summary.split("signposted to ", 1)[1]
        return ""

    def story_events(self, planned: PlannedContact, prefix: str, *, kind: str = "") -> list[int]:
        """The story's events (one per child, same day) after the decision that begin with
        `prefix`."""
        events = self.casework.events
        start = planned.decision_event + planned.decision_events
        for i in range(start, min(len(events), start + 60)):
            event = events[i]
            if event.summary.startswith(prefix) and (not kind or event.kind == kind):
                found = [i]
                while (
                    i + len(found) < len(events)
                    and events[i + len(found)].summary == event.summary
                    and events[i + len(found)].day == event.day
                ):
                    found.append(i + len(found))
                return found
        return []

    def story_work(self, index: int, contact: PlannedFrontContact, named: list[int]) -> None:
        """The records the story's decision started."""
        planned = contact.story
        decision = contact.decision
        assert planned is not None and decision is not None
        outcome = decision.outcome
        referral = contact.received_on
        decided = decision.decided_at.astimezone(LONDON).date()
        work = self.plan.work
        if outcome in (rules.Outcome.STATUTORY_ASSESSMENT, rules.Outcome.SPECIALIST_ASSESSMENT):
            specialist = outcome == rules.Outcome.SPECIALIST_ASSESSMENT
            status = AssessmentStatus.COMPLETED if planned.completed else AssessmentStatus.OPEN
            # A baby born (or expected) after the referral joins the family's assessment.
            for position in planned.children:
                person = self.people[position]
                joined = position not in named
                if joined and not (position in self.open_people and person.exists_on(self.today)):
                    continue
                started = planned.started or decided
                if joined:
                    expected = person.expected_date_of_birth or self.today
                    first_day = person.date_of_birth or expected - dt.timedelta(days=150)
                    started = min(max(started, first_day), self.today)
                self.work_of[(index, position)] = len(work)
                work.append(
                    PlannedWork(
                        "assessment",
                        position,
                        index,
                        decision.route.team or ASSESSMENT_AND_SUPPORT,
                        kind=AssessmentKind.SPECIALIST
                        if specialist
                        else AssessmentKind.CHILD_AND_FAMILY,
                        status=status,
                        worker=planned.worker,
                        referral_date=referral,
                        started_on=started,
                        due_on=rules.assessment_due(referral),
                        completed_on=planned.completed,
                    )
                )
            started = self.story_events(planned, "", kind=EventKind.ASSESSMENT)
            due = rules.assessment_due(referral)
            for i in started:
                event = self.casework.events[i]
                if event.summary.endswith(" started"):
                    event.summary = f"{event.summary}, due {due.day} {due:%B %Y}"
                    if (index, event.person) in self.work_of:
                        self.plan.links.append((i, "work", self.work_of[(index, event.person)]))
        elif outcome == rules.Outcome.SIGNIFICANT_HARM:
            # Held the day it was planned (or, where the story went straight to care, the day
            # of the decision); still to hold if that is after today.
            held = planned.started or decided
            if held > self.today:
                held = None
            meetings = self.story_events(planned, "Strategy discussion with police and health")
            for position in named:
                strategy = len(work)
                work.append(
                    PlannedWork(
                        "strategy",
                        position,
                        index,
                        ASSESSMENT_AND_SUPPORT,
                        requested_at=decision.decided_at,
                        held_on=held,
                    )
                )
                for i in meetings:
                    if self.casework.events[i].person == position:
                        self.plan.links.append((i, "work", strategy))
                if held is None or planned.worker is None:
                    continue
                work.append(
                    PlannedWork(
                        "assessment",
                        position,
                        index,
                        ASSESSMENT_AND_SUPPORT,
                        kind=AssessmentKind.SECTION_47,
                        status=AssessmentStatus.COMPLETED
                        if planned.completed
                        else AssessmentStatus.OPEN,
                        worker=planned.worker,
                        referral_date=referral,
                        started_on=held,
                        # The initial conference is due within 15 working days of the
                        # strategy discussion; the enquiry reports to it.
                        due_on=add_working_days(held, 15),
                        completed_on=planned.completed,
                    )
                )
        elif outcome == rules.Outcome.EARLY_HELP:
            agreed = self.story_events(planned, "Early Help Hub agreed the lead agency")
            lead = self.early_help_lead(self.ages_on(named, decided)) if agreed else None
            for position in named:
                request = len(work)
                work.append(
                    PlannedWork(
                        "early_help",
                        position,
                        index,
                        EARLY_HELP_HUB,
                        status=EarlyHelpRequestStatus.LEAD_AGREED
                        if lead
                        else EarlyHelpRequestStatus.AWAITING_LEAD,
                        lead_agency=lead,
                        started_on=decided,
                    )
                )
                for i in agreed:
                    event = self.casework.events[i]
                    if event.person == position and lead is not None:
                        event.summary = f"Early Help Hub agreed the lead agency: {lead.name}"
                        self.plan.links.append((i, "work", request))

    # Families for the rest of the year's contacts ----------------------------------------

    def make_pool(self) -> None:
        """Families with no part in a case this year and nobody open: the year's other contacts
        are about them (most contacts are about families children's social care never
        otherwise meets)."""
        busy: set[int] = set()
        for planned in self.casework.contacts:
            if planned.day > self.window_start - dt.timedelta(days=90):
                busy.update(planned.children)
        for allocation in self.casework.allocations:
            if allocation.end is None or allocation.end >= self.window_start:
                busy.add(allocation.person)
        pool = []
        for family in self.pop.families:
            if family.care_leaver is not None or any(c in busy for c in family.children):
                continue
            if self.ages_on(family.children, self.today) or self.ages_on(
                family.children, self.window_start
            ):
                pool.append(family)
        self.pool = pool

    def fits(self, family: Family, source: Source, worry: Worry, day: dt.date) -> list[int]:
        low = max(source.ages[0], worry.ages[0])
        high = min(source.ages[1], worry.ages[1])
        ages = [(p, a) for p, a in self.ages_on(family.children, day) if low <= a <= high]
        if not ages:
            return []
        if self.rng.random() < source.one_child:
            return [self.rng.choice(ages)[0]]
        return [p for p, _ in ages]

    def pick_family(
        self, source: Source, worry: Worry, day: dt.date, *, again: float
    ) -> tuple[Family, list[int]] | None:
        """A family for a contact on `day`: with chance `again` one contacted in the 12 months
        before (a re-referral), otherwise one the Hub has not heard of this year."""
        rng = self.rng
        if again and self.history and rng.random() < again:
            low = bisect_left(self.history, (day - dt.timedelta(days=364), -1))
            high = bisect_right(self.history, (day - dt.timedelta(days=14), len(self.pop.families)))
            for _ in range(6 if high > low else 0):
                family = self.pop.families[self.history[rng.randrange(low, high)][1]]
                if self.busy_until.get(family.index, day) < day:
                    children = self.fits(family, source, worry, day)
                    if children:
                        return family, children
        for _ in range(80):
            if not self.pool:
                return None
            i = rng.randrange(len(self.pool))
            family = self.pool[i]
            children = self.fits(family, source, worry, day)
            if children:
                self.pool[i] = self.pool[-1]
                self.pool.pop()
                return family, children
        return None

    def new_contact(
        self,
        origin: str,
        source: Source,
        worry: Worry,
        family: Family,
        children: list[int],
        received: dt.datetime,
        *,
        agency: Agency | None = None,
        harm: bool = False,
        declined: bool = False,
    ) -> PlannedFrontContact:
        day = received.astimezone(LONDON).date()
        ages = self.ages_on(children, day)
        contact = PlannedFrontContact(
            origin, source.kind, ContactStatus.RECEIVED, worry, source.label
        )
        contact.agency = agency or self.agency_for(source, ages)
        self.referrer(contact, source)
        self.describe(contact, ages, family, harm=harm, declined=declined)
        contact.received_at = received
        contact.due_at = rules.decision_due(received, contact.rag)
        contact.home = self.home_on(children[0], day)
        return contact

    def received_time(self, kind: str, day: dt.date) -> dt.datetime:
        """When a contact of this kind arrives on `day`: online requests mostly in the day,
        police at any hour, the Emergency Duty Team out of hours, calls while the line is open."""
        rng = self.rng
        hub_day = rules.hub_hours_on(day) is not None
        if kind == ContactKind.EDT_RECORD:
            return self.out_of_hours(day)
        if kind in (ContactKind.PHONE, ContactKind.REQUEST_FOR_INFORMATION) or (
            kind == RFS and rng.random() < 0.88
        ):
            return self.in_hours(day) if hub_day else self.out_of_hours(day)
        if kind == ContactKind.POLICE_NOTIFICATION and rng.random() < 0.45:
            return self.in_hours(day) if hub_day else self.out_of_hours(day)
        return self.out_of_hours(day)

    def contact_day(self, kind: str, latest: dt.date) -> dt.date:
        rng = self.rng
        span = (latest - self.window_start).days - 1
        day = self.window_start + dt.timedelta(days=rng.randint(1, span))
        weekday_only = kind in (ContactKind.PHONE, ContactKind.REQUEST_FOR_INFORMATION)
        if weekday_only or (kind == RFS and rng.random() < 0.85):
            while rules.hub_hours_on(day) is None:
                day -= dt.timedelta(days=1)
        return max(day, self.window_start + dt.timedelta(days=1))

    # The year's other contacts -------------------------------------------------------------

    def year_of_contacts(self) -> None:
        """The rest of a year's contacts, decided: signposting, early help, families who did
        not want support, and assessments long finished; some from the demo primary school, so
        that school.demo has its own list."""
        rng = self.rng
        made = len(self.plan.contacts)
        total = max(0, round(CONTACTS_PER_YEAR * self.scale) - made - self.queue_size())
        school = SOURCES[0]
        demo_school = self.agencies.get(DEMO_SCHOOL)
        school_requests = max(3, round(SCHOOL_REQUESTS_PER_YEAR * self.scale)) if demo_school else 0
        latest = previous_hub_day(self.last_day)
        planned: list[tuple[dt.datetime, Source, Agency | None]] = []
        for n in range(total + school_requests):
            source = (
                school if n < school_requests else rng.choices(SOURCES, cum_weights=_SOURCE_CUM)[0]
            )
            day = self.contact_day(source.kind, latest)
            planned.append(
                (
                    self.received_time(source.kind, day),
                    source,
                    demo_school if n < school_requests else None,
                )
            )
        planned.sort(key=lambda p: p[0])
        for received, source, agency in planned:
            day = received.astimezone(LONDON).date()
            worry = WORRIES[rng.choice(source.worries)]
            if agency is not None:  # the demo primary school's pupils
                source = Source(
                    source.label,
                    source.kind,
                    DEMO_SCHOOL,
                    source.roles,
                    0,
                    source.worries,
                    (4, 11),
                    1.0,
                )
            elapsed = (day - self.window_start).days / WINDOW_DAYS
            found = self.pick_family(
                source, worry, day, again=RE_REFERRAL_SHARE * min(1.0, 2 * elapsed)
            )
            if found is None:
                continue
            family, children = found
            self.history.append((day, family.index))
            outcome = self.year_outcome(worry, source)
            if (
                outcome == rules.Outcome.STATUTORY_ASSESSMENT
                and (self.today - day).days < FINISHED_BY
            ):
                outcome = rules.Outcome.EARLY_HELP
            contact = self.new_contact(
                "year",
                source,
                worry,
                family,
                children,
                received,
                agency=agency,
                declined=outcome == rules.Outcome.FAMILY_DECLINED,
            )
            self.decide_year_contact(contact, children, outcome)
            ended = contact.assessed[2] if contact.assessed else day + dt.timedelta(days=14)
            self.busy_until[family.index] = ended

    def year_outcome(self, worry: Worry, source: Source) -> rules.Outcome:
        if source.kind == ContactKind.REQUEST_FOR_INFORMATION:
            return rules.Outcome.SIGNPOST
        weights = OUTCOME_WEIGHTS[min(max(worry.level, 2), 3)]
        return self.rng.choices([o for o, _ in weights], weights=[w for _, w in weights])[0]

    def decide_year_contact(
        self, contact: PlannedFrontContact, children: list[int], outcome: rules.Outcome
    ) -> None:
        rng = self.rng
        assert contact.received_at is not None and contact.due_at is not None
        start = rules.counted_as_received(contact.received_at).astimezone(LONDON).date()
        roll = rng.random()
        if roll < LATE_DECISIONS:
            day = next_hub_day(contact.due_at.astimezone(LONDON).date())
        elif contact.rag == rules.Rag.RED or roll < 0.72:
            day = start
        else:
            day = next_hub_day(start)
        day = max(min(day, self.last_day), start)
        decider = rng.choice(self.deciders)
        moment = self.decided_moment(contact.received_at, day)
        contact.named = self.named_people(
            children,
            matched=True,
            by=decider,
            nhs=contact.agency is not None and contact.agency.slug == HEALTH,
            adults=False,  # the index has the family; thousands more rows would slow the demo
        )
        self.screen(contact, decider, moment)
        if rng.random() < 0.45:
            self.checks(contact, self.ages_on(children, day), until=moment, answered=True)
        self.decide(contact, outcome, decider, moment)
        index = self.add(contact)
        if outcome == rules.Outcome.STATUTORY_ASSESSMENT:
            worker = rng.choice(self.staff.workers[ASSESSMENT_AND_SUPPORT])
            done = add_working_days(day, rng.randint(15, 44))
            closed = add_working_days(done, rng.randint(1, 5))
            finding = rng.randrange(len(ASSESSMENT_OUTCOMES))
            contact.assessed = (worker, done, closed, finding)
            referral = contact.received_on
            for position in children:
                self.work_of[(index, position)] = len(self.plan.work)
                self.plan.work.append(
                    PlannedWork(
                        "assessment",
                        position,
                        index,
                        ASSESSMENT_AND_SUPPORT,
                        kind=AssessmentKind.CHILD_AND_FAMILY,
                        status=AssessmentStatus.COMPLETED,
                        worker=worker,
                        referral_date=referral,
                        started_on=day,
                        due_on=rules.assessment_due(referral),
                        completed_on=done,
                    )
                )
        if outcome == rules.Outcome.EARLY_HELP:
            agreed = add_working_days(day, rng.randint(2, 5))
            ages = self.ages_on(children, day)
            lead = self.early_help_lead(ages) if agreed < self.today else None
            contact.lead_agreed = agreed if lead is not None else None
            contact.lead = lead
            for position in children:
                self.work_of[(index, position)] = len(self.plan.work)
                self.plan.work.append(
                    PlannedWork(
                        "early_help",
                        position,
                        index,
                        EARLY_HELP_HUB,
                        status=EarlyHelpRequestStatus.LEAD_AGREED
                        if lead
                        else EarlyHelpRequestStatus.AWAITING_LEAD,
                        lead_agency=lead,
                        started_on=day,
                    )
                )

    def assessment_events(
        self, index: int, contact: PlannedFrontContact, children: list[int], decided: dt.date
    ) -> None:
        """A finished Child and Family Assessment: allocation, start, finding and closure."""
        assert contact.assessed is not None
        worker, done, closed, finding = contact.assessed
        words, closure = ASSESSMENT_OUTCOMES[finding]
        due = rules.assessment_due(contact.received_on)
        events = self.casework.events
        self.casework.allocate(children, ASSESSMENT_AND_SUPPORT, worker, decided, closed)
        for day, kind, summary in (
            (
                decided,
                EventKind.ASSESSMENT,
                f"Child and Family Assessment started, due {due.day} {due:%B %Y}",
            ),
            (done, EventKind.ASSESSMENT, f"Child and Family Assessment completed: {words}"),
            (closed, EventKind.CLOSURE, closure),
        ):
            for person in children:
                self.plan.links.append((len(events), "work", self.work_of[(index, person)]))
                events.append(PlannedEvent(person, day, kind, summary, worker))

    # Yesterday's strategy discussions ------------------------------------------------------

    def strategy_discussions_to_hold(self) -> None:
        """Contacts decided yesterday where significant harm is suspected: the children are
        allocated to Assessment and Support, and the strategy discussion is to hold today."""
        rng = self.rng
        day = self.last_day
        choices = (
            (SOURCES[0], "the child came to school with a bruise on the face", (4, 11)),
            (SOURCES[1], "domestic abuse incident, children present and frightened", (0, 17)),
            (
                CASEWORK_SOURCES["Request for Support from the hospital"],
                "baby seen with an unexplained injury",
                (0, 1),
            ),
        )
        for n in range(max(1, round(FRESH_STRATEGY_FAMILIES * self.scale))):
            base, summary, ages = choices[n % len(choices)]
            source = Source(
                base.label,
                base.kind,
                base.agency,
                base.roles,
                0,
                (),
                ages,
                1.0 if ages[1] < 17 else 0.0,
            )
            worry = WORRIES[summary]
            found = self.pick_family(source, worry, day, again=0)
            if found is None:
                continue
            family, children = found
            received = at(day, dt.time(rng.randint(9, 11), rng.randint(0, 59)))
            contact = self.new_contact(
                "strategy", source, worry, family, children, received, harm=True
            )
            contact.rag = rules.Rag.RED
            contact.due_at = rules.decision_due(received, contact.rag)
            decider = rng.choice(self.deciders)
            moment = received + minutes(rng.randint(60, 180))
            contact.named = self.named_people(children, matched=True, by=decider)
            self.screen(contact, decider, moment)
            self.checks(contact, self.ages_on(children, day), until=moment, answered=True)
            self.decide(contact, rules.Outcome.SIGNIFICANT_HARM, decider, moment)
            contact.allocate_to = self.casework.open_worker(ASSESSMENT_AND_SUPPORT, len(children))
            index = self.add(contact)
            for position in children:
                self.work_of[(index, position)] = len(self.plan.work)
                self.plan.work.append(
                    PlannedWork(
                        "strategy", position, index, ASSESSMENT_AND_SUPPORT, requested_at=moment
                    )
                )

    # The queue this morning ----------------------------------------------------------------

    def queue_size(self) -> int:
        return max(6, round(QUEUE_SIZE * self.scale))

    def queue(self) -> None:
        """What is waiting when the Hub opens: yesterday's contacts and the night's, a few
        overdue; some being screened with checks out; some children not yet matched, a few
        with their names misspelt."""
        rng = self.rng
        size = self.queue_size()
        overdue = max(1, round(size / 14))
        school = max(1, round(3 * self.scale)) if DEMO_SCHOOL in self.agencies else 0
        overnight = max(1, round(size * 0.2))
        day_before = previous_hub_day(self.last_day)
        closing = rules.hub_hours_on(self.last_day)
        assert closing is not None
        slots: list[str] = (
            ["overdue"] * overdue + ["red"] + ["school"] * school + ["night"] * overnight
        )
        slots += ["day"] * max(0, size - len(slots))
        misspelt_left = max(2, round(size * 0.3))
        for n, slot in enumerate(slots):
            source = rng.choices(SOURCES, cum_weights=_SOURCE_CUM)[0]
            agency = None
            if slot == "school":
                source = Source(
                    SOURCES[0].label, RFS, DEMO_SCHOOL, (), 0, SOURCES[0].worries, (4, 11), 1.0
                )
                agency = self.agencies[DEMO_SCHOOL]
            elif slot == "night":
                source = rng.choice((SOURCES[1], SOURCES[2], SOURCES[-2]))
            elif slot == "red":
                source = rng.choice((SOURCES[0], SOURCES[1]))
            elif source.kind == ContactKind.EDT_RECORD:
                source = SOURCES[1]
            if slot == "red":
                summary = (
                    "the child came to school with a bruise on the face"
                    if source.kind == RFS
                    else "domestic abuse incident, children present and frightened"
                )
                worry = WORRIES[summary]
            else:
                worry = WORRIES[rng.choice(source.worries)]
            if slot == "overdue":
                received = self.in_hours(day_before)
            elif slot == "night":
                received = closing[1] + minutes(
                    rng.randint(20, int((self.anchor - closing[1]).total_seconds() // 60) - 30)
                )
            elif slot == "red":
                received = at(self.last_day, dt.time(rng.randint(9, 12), rng.randint(0, 59)))
            else:
                received = self.in_hours(self.last_day)
            day = received.astimezone(LONDON).date()
            found = self.pick_family(source, worry, day, again=0.2)
            if found is None:
                continue
            family, children = found
            contact = self.new_contact(
                "queue",
                source,
                worry,
                family,
                children,
                received,
                agency=agency,
                harm=slot == "red",
            )
            if slot == "red" or slot == "night" and worry.level >= 3 and rng.random() < 0.3:
                contact.rag = rules.Rag.RED
                contact.due_at = rules.decision_due(received, contact.rag)
            screening = slot in ("overdue", "red") or (
                slot in ("day", "school")
                and received.time() < dt.time(14, 0)
                and rng.random() < 0.55
            )
            misspelt = None
            if misspelt_left and (
                slot == "night" or rng.random() < 0.35 or n >= len(slots) - misspelt_left
            ):
                misspelt = rng.choice(children)
                misspelt_left -= 1
            if screening:
                by = (
                    rng.choice(self.hub_workers)
                    if rng.random() < 0.6
                    else self.staff.sign_ins["hub.demo"]
                )
                contact.status = ContactStatus.SCREENING
                day_end = rules.hub_hours_on(day)
                until = day_end[1] if day_end else self.anchor
                self.screen(contact, by, until)
                contact.named = self.named_people(children, matched=True, by=by, misspelt=misspelt)
                self.checks(contact, self.ages_on(children, day), until=until, answered=False)
                if contact.checks and rng.random() < 0.3:
                    check = contact.checks[0]
                    check.received_at = check.requested_at + minutes(rng.randint(20, 90))
                    check.summary = rng.choice(CHECK_RESULTS[check.agency])
            else:
                contact.named = self.named_people(
                    children, matched=False, by=None, misspelt=misspelt
                )
            self.add(contact)
        # A police notification about a family already open: screening shows who holds them.
        open_families = sorted(
            {
                self.family_of[p].index
                for p in self.open_people
                if p in self.family_of and self.people[p].kind == "child"
            }
        )
        if open_families and self.scale >= 0.5:
            family = self.pop.families[rng.choice(open_families)]
            children = [p for p, _ in self.ages_on(family.children, self.last_day)]
            if children:
                received = self.out_of_hours(self.last_day, evening=True)
                worry = WORRIES["domestic abuse incident, standard risk; children asleep upstairs"]
                contact = self.new_contact("queue", SOURCES[1], worry, family, children, received)
                contact.named = self.named_people(children, matched=False, by=None)
                self.add(contact)

    def drafts(self) -> None:
        """Requests for Support school.demo has started and not yet sent."""
        rng = self.rng
        agency = self.agencies.get(DEMO_SCHOOL)
        if agency is None or self.school_demo is None:
            return
        source = Source(SOURCES[0].label, RFS, DEMO_SCHOOL, (), 0, SOURCES[0].worries, (4, 11), 1.0)
        for n in range(max(1, round(3 * self.scale))):
            worry = WORRIES[rng.choice(source.worries)]
            found = self.pick_family(source, worry, self.today, again=0)
            if found is None:
                continue
            family, children = found
            contact = PlannedFrontContact("draft", RFS, ContactStatus.DRAFT, worry, source.label)
            contact.agency = agency
            contact.submitted_by = self.school_demo
            contact.referrer_name = self.school_demo.get_full_name()
            contact.referrer_role = self.school_demo.job_title
            parent = self.parent_word(family)
            if n % 2 == 0:  # half written
                contact.worries = self.fill(worry.details[0], len(children), parent)
                contact.claimed_level = worry.level
                contact.indicators = list(worry.codes[:1])
            contact.created_at = self.in_hours(
                self.last_day if n == 0 else previous_hub_day(self.last_day)
            )
            contact.version = rng.randint(2, 9)
            contact.home = self.home_on(children[0], self.today)
            contact.named = self.named_people(children, matched=False, by=None, adults=False)
            self.add(contact)

    # References and chronology ---------------------------------------------------------------

    def number(self) -> None:
        """References in the order contacts arrived, per kind and year (RFS-2026-000123)."""
        counters: dict[tuple[str, int], int] = {}
        sent = [c for c in self.plan.contacts if c.received_at is not None]
        for contact in sorted(sent, key=lambda c: c.received_at):
            year = contact.received_at.astimezone(LONDON).year
            key = (REFERENCE_PREFIX[contact.kind], year)
            counters[key] = counters.get(key, 0) + 1
            contact.reference = f"{key[0]}-{year}-{counters[key]:06d}"

    def chronology(self) -> None:
        """Each contact in the children's chronologies: the story's events gain the reference;
        the contacts made here get the events `frontdoor.actions` would have written."""
        events = self.casework.events
        links = self.plan.links
        for index, contact in enumerate(self.plan.contacts):
            reference = contact.reference
            decision = contact.decision
            planned = contact.story
            if planned is not None and planned.events:
                for i in range(planned.first_event, planned.first_event + planned.events):
                    events[i].summary = f"{planned.source} {reference}: {planned.worry}"
                    events[i].detail = contact.worries
                    links.append((i, "contact", index))
                start = planned.decision_event
                for i in range(start, start + planned.decision_events):
                    events[i].summary = f"Hub decision on {reference}: {planned.decision}"
                    if decision is not None:
                        events[i].detail = f"{decision.reason}\n{decision.route.explanation}"
                    links.append((i, "decision", index))
                continue
            children = [
                n.person
                for n in contact.named
                if n.role == PersonRole.CHILD and n.person is not None
            ]
            if not children or contact.received_at is None:
                continue
            received_on = contact.received_on
            if decision is None:  # matched while screening: as `actions.confirm_match` writes
                kind_name = ContactKind(contact.kind).label
                source = contact.agency.name if contact.agency else kind_name
                for person in children:
                    links.append((len(events), "contact", index))
                    events.append(
                        PlannedEvent(
                            person,
                            received_on,
                            EventKind.CONTACT,
                            f"{kind_name} {reference} from {source}",
                            contact.screened_by,
                            detail=contact.worries,
                        )
                    )
                continue
            decided_on = decision.decided_at.astimezone(LONDON).date()
            worry = planned.worry if planned is not None else contact.worry.summary
            for person in children:
                links.append((len(events), "contact", index))
                events.append(
                    PlannedEvent(
                        person,
                        received_on,
                        EventKind.CONTACT,
                        f"{contact.source_label} {reference}: {worry}",
                        contact.screened_by,
                        detail=contact.worries,
                    )
                )
            if planned is not None:
                words = planned.decision
            else:
                words = DECISION_WORDS[rules.Outcome(decision.outcome)]
            for person in children:
                links.append((len(events), "decision", index))
                events.append(
                    PlannedEvent(
                        person,
                        decided_on,
                        EventKind.CONTACT,
                        f"Hub decision on {reference}: {words}",
                        decision.decided_by,
                        detail=f"{decision.reason}\n{decision.route.explanation}",
                    )
                )
            if planned is not None:
                continue  # the story tells the rest
            if contact.allocate_to is not None:
                self.casework.allocate(
                    children, ASSESSMENT_AND_SUPPORT, contact.allocate_to, decided_on
                )
            if contact.assessed is not None:
                self.assessment_events(index, contact, children, decided_on)
            # The decision's own words say where it went; only a strategy discussion, the
            # next thing to happen, gets its own event (as `actions.decide` writes it).
            work = self.plan.work
            for person in children:
                started = self.work_of.get((index, person))
                if started is not None and work[started].model == "strategy":
                    links.append((len(events), "work", started))
                    events.append(
                        PlannedEvent(
                            person,
                            decided_on,
                            EventKind.MEETING,
                            "Strategy discussion requested: significant harm suspected",
                            decision.decided_by,
                        )
                    )
            if contact.lead_agreed is not None and contact.lead is not None:
                worker = self.rng.choice(self.early_help_workers)
                for person in children:
                    if (index, person) in self.work_of:
                        links.append((len(events), "work", self.work_of[(index, person)]))
                    events.append(
                        PlannedEvent(
                            person,
                            contact.lead_agreed,
                            EventKind.MEETING,
                            f"Early Help Hub agreed the lead agency: {contact.lead.name}",
                            worker,
                        )
                    )

    # The Advice Line -----------------------------------------------------------------------

    def advice_line(self) -> None:
        """Anonymous consultations through the year, recorded by Hub social workers."""
        rng = self.rng
        recorders = [w for w in self.deciders if w.role == Role.HUB_WORKER] or self.hub_workers
        count = max(20, round(ADVICE_PER_YEAR * self.scale))
        for _ in range(count):
            kind, role, question, advice, outcome = rng.choice(ADVICE)
            day = self.contact_day(ContactKind.PHONE, self.last_day)
            moment = self.in_hours(day)
            self.plan.advice.append(
                PlannedAdvice(kind, role, question, advice, outcome, rng.choice(recorders), moment)
            )


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def write_front_door(
    plan: FrontDoorPlan, events: list[PlannedEvent], person_pk: list[int], write: Write
) -> dict[str, int]:
    contacts = plan.contacts
    teams = plan.teams

    def pk(position: int | None) -> int | None:
        return person_pk[position] if position is not None else None

    contact_pk = write(
        Contact,
        (
            Contact(
                reference=c.reference,
                kind=c.kind,
                status=c.status,
                rag=c.rag,
                received_at=c.received_at,
                due_at=c.due_at,
                agency=c.agency,
                submitted_by=c.submitted_by,
                referrer_name=c.referrer_name,
                referrer_role=c.referrer_role,
                referrer_phone=c.referrer_phone,
                referrer_email=c.referrer_email,
                claimed_level=c.claimed_level,
                worries=c.worries,
                strengths=c.strengths,
                child_voice=c.child_voice,
                important_people=c.important_people,
                family_address_line_1=c.home.line_1 if c.home else "",
                family_address_line_2=c.home.line_2 if c.home else "",
                family_town=c.home.town if c.home else "",
                family_postcode=c.home.postcode if c.home else "",
                consent=c.consent,
                consent_dispensed_reason=c.consent_dispensed_reason,
                safeguarding_lead_consulted=c.safeguarding_lead_consulted,
                screened_by=c.screened_by,
                screening_started_at=c.screening_started_at,
                version=c.version,
            )
            for c in contacts
        ),
        len(contacts),
        "Contacts",
    )
    named = [(i, n) for i, c in enumerate(contacts) for n in c.named]
    write(
        ContactPerson,
        (
            ContactPerson(
                contact_id=contact_pk[i],
                role=n.role,
                given_name=n.given_name,
                family_name=n.family_name,
                date_of_birth=n.date_of_birth,
                expected_date_of_birth=n.expected_date_of_birth,
                sex=n.sex,
                nhs_number=n.nhs_number,
                relationship_to_child=n.relationship,
                lives_with_child=n.lives_with_child,
                person_id=pk(n.person),
                match_status=MatchStatus.MATCHED if n.person is not None else MatchStatus.UNCHECKED,
                matched_by=n.matched_by,
            )
            for i, n in named
        ),
        len(named),
        "Named in contacts",
    )
    ticks = [(i, code) for i, c in enumerate(contacts) for code in c.indicators]
    write(
        IndicatorTick,
        (IndicatorTick(contact_id=contact_pk[i], code=code) for i, code in ticks),
        len(ticks),
        "Indicators ticked",
    )
    checks = [(i, k) for i, c in enumerate(contacts) for k in c.checks]
    write(
        AgencyCheck,
        (
            AgencyCheck(
                contact_id=contact_pk[i],
                agency=k.agency,
                requested_at=k.requested_at,
                requested_by=k.requested_by,
                received_at=k.received_at,
                summary=k.summary,
            )
            for i, k in checks
        ),
        len(checks),
        "Agency checks",
    )
    decided = [(i, c.decision) for i, c in enumerate(contacts) if c.decision is not None]
    decision_keys = write(
        ContactDecision,
        (
            ContactDecision(
                contact_id=contact_pk[i],
                outcome=d.outcome,
                next_step=d.route.next_step.value,
                team=teams.get(d.route.team) if d.route.team else None,
                reason=d.reason,
                explanation=d.route.explanation,
                signposted_to=d.signposted_to,
                outcome_for_referrer=d.route.referrer_outcome,
                decided_by=d.decided_by,
                decided_at=d.decided_at,
                was_on_time=d.was_on_time,
            )
            for i, d in decided
        ),
        len(decided),
        "Hub decisions",
    )
    decision_pk = {i: key for (i, _), key in zip(decided, decision_keys, strict=True)}
    work_pk: dict[int, str] = {}
    assessments = [(n, w) for n, w in enumerate(plan.work) if w.model == "assessment"]
    assessment_keys = keys = write(
        Assessment,
        (
            Assessment(
                person_id=person_pk[w.person],
                kind=w.kind,
                status=w.status,
                team=teams[w.team],
                worker=w.worker,
                contact_id=contact_pk[w.contact],
                referral_date=w.referral_date,
                started_on=w.started_on,
                due_on=w.due_on,
                completed_on=w.completed_on,
                # A completed assessment was signed off by the team manager the day it ended.
                review_state=ReviewState.SIGNED_OFF
                if w.status == AssessmentStatus.COMPLETED and w.completed_on
                else ReviewState.DRAFT,
                authorised_on=w.completed_on if w.status == AssessmentStatus.COMPLETED else None,
            )
            for _, w in assessments
        ),
        len(assessments),
        "Assessments",
    )
    work_pk.update(
        {n: f"socialwork.Assessment:{k}" for (n, _), k in zip(assessments, keys, strict=True)}
    )
    strategies = [(n, w) for n, w in enumerate(plan.work) if w.model == "strategy"]
    strategy_keys = keys = write(
        StrategyDiscussion,
        (
            StrategyDiscussion(
                person_id=person_pk[w.person],
                team=teams[w.team],
                contact_id=contact_pk[w.contact],
                requested_at=w.requested_at,
                held_on=w.held_on,
                # A held discussion records its consent and decision (socialwork.protection);
                # the demo's held ones all started a Section 47 enquiry.
                **(
                    {
                        "consent": "given",
                        "decision": "section_47",
                        "decision_reason": "Significant harm suspected: police and health agreed",
                    }
                    if w.held_on
                    else {}
                ),
            )
            for _, w in strategies
        ),
        len(strategies),
        "Strategy discussions",
    )
    work_pk.update(
        {
            n: f"socialwork.StrategyDiscussion:{k}"
            for (n, _), k in zip(strategies, keys, strict=True)
        }
    )
    episodes = write_open_episodes(
        plan,
        assessments=list(zip(assessments, assessment_keys, strict=True)),
        strategies=list(zip(strategies, strategy_keys, strict=True)),
        person_pk=person_pk,
        contact_pk=contact_pk,
        write=write,
    )
    requests = [(n, w) for n, w in enumerate(plan.work) if w.model == "early_help"]
    keys = write(
        EarlyHelpRequest,
        (
            EarlyHelpRequest(
                person_id=person_pk[w.person],
                team=teams[w.team],
                contact_id=contact_pk[w.contact],
                status=w.status,
                lead_agency=w.lead_agency,
                requested_on=w.started_on,
            )
            for _, w in requests
        ),
        len(requests),
        "Early help requests",
    )
    work_pk.update(
        {n: f"earlyhelp.EarlyHelpRequest:{k}" for (n, _), k in zip(requests, keys, strict=True)}
    )
    advice_pk = write(
        AdviceLineConsultation,
        (
            AdviceLineConsultation(
                caller_agency_kind=a.caller_agency_kind,
                caller_role=a.caller_role,
                question=a.question,
                advice=a.advice,
                outcome=a.outcome,
                recorded_by=a.recorded_by,
            )
            for a in plan.advice
        ),
        len(plan.advice),
        "Advice Line",
    )
    # Times the database sets to "now" on insert, set to when things happened.
    if advice_pk:
        rows = [
            AdviceLineConsultation(pk=k, recorded_at=a.recorded_at)
            for k, a in zip(advice_pk, plan.advice, strict=True)
        ]
        AdviceLineConsultation.objects.bulk_update(rows, ["recorded_at"], batch_size=500)
    if contact_pk:
        mine = Contact.objects.filter(pk__gte=min(contact_pk), pk__lte=max(contact_pk))
        mine.filter(received_at__isnull=False).update(
            created_at=F("received_at"), updated_at=F("received_at")
        )
        mine.filter(status=ContactStatus.DECIDED).update(
            updated_at=Subquery(
                ContactDecision.objects.filter(contact=OuterRef("pk")).values("decided_at")[:1]
            )
        )
        drafts = [
            Contact(pk=k, created_at=c.created_at, updated_at=c.created_at)
            for k, c in zip(contact_pk, contacts, strict=True)
            if c.created_at is not None
        ]
        Contact.objects.bulk_update(drafts, ["created_at", "updated_at"])
    for i, what, n in plan.links:
        if what == "contact":
            events[i].source = f"frontdoor.Contact:{contact_pk[n]}"
        elif what == "decision":
            events[i].source = f"frontdoor.ContactDecision:{decision_pk[n]}"
        else:
            events[i].source = work_pk[n]
    return {
        "contacts": len(contacts),
        "contacts waiting": sum(
            1 for c in contacts if c.status in (ContactStatus.RECEIVED, ContactStatus.SCREENING)
        ),
        "contact decisions": len(decided),
        "assessments": len(assessments),
        "strategy discussions": len(strategies),
        "open episodes of need": episodes,
        "early help requests": len(requests),
        "advice line consultations": len(advice_pk),
    }


def write_open_episodes(
    plan: FrontDoorPlan,
    *,
    assessments: list[tuple[tuple[int, PlannedWork], int]],
    strategies: list[tuple[tuple[int, PlannedWork], int]],
    person_pk: list[int],
    contact_pk: list[int],
    write: Write,
) -> int:
    """The episodes of need for the statutory work still open, as `socialwork.actions` opens
    them at the Hub's decision: one per child, from the earliest referral whose work is open,
    at assessment, with its opening stage change; the child's open assessments and strategy
    discussions belong to it. Returns how many."""
    open_work = [
        (w, key, "assessment") for (_, w), key in assessments if w.status == AssessmentStatus.OPEN
    ] + [(w, key, "strategy") for (_, w), key in strategies if w.held_on is None]
    by_person: dict[int, list[tuple[PlannedWork, int, str]]] = {}
    for item in sorted(open_work, key=lambda item: plan.contacts[item[0].contact].received_on):
        by_person.setdefault(item[0].person, []).append(item)
    firsts = [items[0][0] for items in by_person.values()]
    decisions = [plan.contacts[w.contact].decision for w in firsts]
    episode_keys = write(
        Episode,
        (
            Episode(
                person_id=person_pk[w.person],
                stage=EpisodeStage.ASSESSMENT,
                team=plan.teams[w.team],
                referral_date=plan.contacts[w.contact].received_on,
                referral_source=referral_source_for(
                    plan.contacts[w.contact].kind,
                    plan.contacts[w.contact].agency.kind
                    if plan.contacts[w.contact].agency
                    else None,
                ),
                contact_id=contact_pk[w.contact],
                opened_at=decision.decided_at,
                opened_by=decision.decided_by,
            )
            for w, decision in zip(firsts, decisions, strict=True)
        ),
        len(firsts),
        "Episodes of need",
    )
    write(
        StageChange,
        (
            StageChange(
                episode_id=key,
                from_stage="",
                to_stage=EpisodeStage.ASSESSMENT,
                changed_at=decision.decided_at,
                changed_by=decision.decided_by,
                reason="Referral: the Hub decided statutory work is needed.",
            )
            for key, decision in zip(episode_keys, decisions, strict=True)
        ),
        len(firsts),
        "Stage changes",
    )
    belonging: dict[str, list] = {"assessment": [], "strategy": []}
    for items, episode_key in zip(by_person.values(), episode_keys, strict=True):
        for _, key, model in items:
            row = Assessment if model == "assessment" else StrategyDiscussion
            belonging[model].append(row(pk=key, episode_id=episode_key))
    Assessment.objects.bulk_update(belonging["assessment"], ["episode"], batch_size=500)
    StrategyDiscussion.objects.bulk_update(belonging["strategy"], ["episode"], batch_size=500)
    return len(firsts)
