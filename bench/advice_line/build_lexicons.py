"""Regenerate the word lists the Advice Line identifying-detail detector reads.

    python bench/advice_line/build_lexicons.py

Writes, under continuum/frontdoor/data/:

- ``first_names.txt``: given names from Faker's en_GB, en_US and en_IE person providers plus
  the popular children's names below (Faker's en_GB list is mostly adult names: Susan,
  Linda, Karen).
- ``surnames.txt``: family names from the same Faker providers.
- ``english_words.txt``: everyday English words written in lower case (the lower-case
  entries of Webster's Second International word list shipped by ``english-words``, kept
  when ``wordfreq`` rates them at least 2 on its Zipf scale, which drops obscure words that
  are spelt like names, such as "alin") plus modern words the 1934 list lacks.
- ``name_words.txt``: names that are also everyday words ("May", "Hope", "Will", "Grace",
  "Young"), which the detector only treats as names with some other sign (curated below).

The held-out evaluation set (bench/advice_line/generate.py, split ``heldout``) draws its
names from other lists on purpose, so the figures show how the detector does on names that
are not in these files.

Needs the tools pinned in requirements-build.txt (not part of the project's lock files).
Output is sorted and deterministic for those versions.
"""

from __future__ import annotations

import importlib
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "continuum" / "frontdoor" / "data"

LEXICON_LOCALES = ("en_GB", "en_US", "en_IE")

# Popular given names for children born in England and Wales in the 2005-2023 period,
# including the spellings and double-barrelled forms common in the North West.
CHILD_NAMES = """
Alfie Archie Arlo Arthur Austin Bailey Billy Bobby Brodie Callum Charlie Cody Connor Corey
Dexter Dylan Ethan Finley Finn Freddie Frankie George Harley Harrison Harry Harvey Hugo
Isaac Jack Jacob Jake Jamie Jaxon Jayden Jenson Joe Joshua Jude Kai Kayden Kian Kyle Leo
Lewis Liam Logan Louie Lucas Luca Mason Max Mohammed Muhammad Nathan Noah Ollie Oliver Oscar
Reggie Reece Riley Rhys Ronnie Rory Ryan Sonny Stanley Teddy Theo Theodore Toby Tommy Tyler
Zach Zac Zachary Kieran Brandon Bradley Jordan Declan Lennon Tyson Lucas Elliot Elliott
Aimee Alice Amelia Amber Ava Bella Brooke Chloe Courtney Daisy Demi Eden Ella Ellie Elsie
Emily Erin Esme Eva Evie Faith Freya Georgia Grace Gracie Hallie Hannah Harper Hollie Holly
Imogen Isabella Isla Ivy Jade Jasmine Jessica Kacey Kayla Kayleigh Keeley Lacey Lana Layla
Leah Lexi Lexie Lilly Lily Lola Lucy Macie Maddison Madison Maisie Maisy Megan Mia Millie
Molly Nevaeh Olivia Paige Phoebe Poppy Rosie Ruby Sadie Scarlett Shannon Sienna Skye Sofia
Sophia Sophie Summer Tia Tilly Willow Zara Zoe Kelsey Kiera Liberty Mollie Niamh Rebecca
Lacey-Mae Lilly-Mae Ellie-Mae Tilly-Mae Alfie-Jay Lexi-Rose Evie-Mae Maisie-Leigh
"""

# Given names and family names that are also everyday words or months. Written in notes
# they are usually the word ("May half-term", "little hope", "Will ring back", "Young
# Carers"), so they count as names only with another sign (a surname, "Mrs", "called").
NAME_WORDS = """
May June April August Hope Grace Faith Joy Will Bill Mark Rose Ruby Amber Holly Ivy Daisy
Poppy Dawn Summer Autumn Winter Storm River Brook Penny Sunny Star Robin Jay Art Gene Guy
Frank Jack Rich Chase Hunter Lance Drew Rob Bob Don Pat Sue Sandy Ginger Crystal Diamond
Pearl Jade Jasmine Heather Hazel Iris Lily Violet Melody Harmony Destiny Liberty Honey Angel
Raven Ray Dean Miles Mason Carter Parker Cooper Glen Dale Cole Major Noble Royal Earl Grant
Carol Eve Young Long Brown Green White Black Gray Grey Hill Wood King Bell Hall Day Best
Sterling Ward Church Park Lane Street Field Fields Banks Marsh Moss Rice Savage Farmer
Price Page Cash Law Love Nash Sharp Strong Wells Marshall Bishop Duke Prince Story
"""

# Everyday words of the last ninety years that Webster's Second does not have.
MODERN_WORDS = """
online offline internet website websites email emails emailed emailing texted texting
sexting vape vapes vaping vaper lockdown lockdowns selfie selfies smartphone smartphones
laptop laptops tablet app apps wifi snapchat instagram tiktok youtube whatsapp facebook
gaming gamer gamers playstation xbox nintendo fortnite roblox minecraft netflix
safeguarding safeguarded neurodiverse neurodivergent autistic adhd dyslexic dyspraxia
teenager teenagers preteen toddler toddlers childcare nursery parenting coparenting
stepdad stepmum stepdads stepmums stepbrother stepsister stepbrothers stepsisters
grandad grandads nan nana nanna nans grandma grandmas grandpa granny mum mums mummy dad
dads daddy carer carers caregiver babysitter babysitting sleepover sleepovers
homeless homelessness selfharm self-harm overdose overdosed overdosing cannabis
ketamine mdma cocaine spice nitrous ecstasy vodka weed
worries worried worry concerns concerned disclosed disclosure disclosures
bullying bullied cyberbullying grooming groomed groomer exploitation exploited
attendance exclusion excluded excludes suspensions suspended
referral referrals referrer signposted signposting signpost
multiagency multi-agency
okay ok yeah
"""


def _provider(locale: str) -> type:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _names(values: object) -> set[str]:
    if isinstance(values, dict):
        values = values.keys()
    return {str(v) for v in values}  # type: ignore[union-attr]


def first_names() -> set[str]:
    names = set(CHILD_NAMES.split())
    for locale in LEXICON_LOCALES:
        provider = _provider(locale)
        for attr in ("first_names_male", "first_names_female", "first_names"):
            names |= _names(getattr(provider, attr, ()))
    return {n for n in names if n.replace("-", "").replace("'", "").isalpha() and len(n) > 1}


def surnames() -> set[str]:
    names: set[str] = set()
    for locale in LEXICON_LOCALES:
        names |= _names(getattr(_provider(locale), "last_names", ()))
    return {n for n in names if n.replace("-", "").replace("'", "").isalpha() and len(n) > 1}


def english_words() -> set[str]:
    import wordfreq
    from english_words import get_english_words_set

    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    lower = {w for w in web2 if w.islower() and len(w) > 1}
    seen = {w for w in lower if wordfreq.zipf_frequency(w, "en") >= 2.0}
    return seen | set(MODERN_WORDS.split()) | {"a", "i"}


def name_words() -> set[str]:
    """Names that are also everyday words, curated: a frequency cut-off cannot tell them apart."""
    return set(NAME_WORDS.split())


def write(name: str, values: set[str], header: str) -> None:
    path = DATA / name
    lines = [f"# {line}" for line in header.strip().splitlines()]
    path.write_text("\n".join([*lines, *sorted(values)]) + "\n", encoding="utf-8")
    print(f"{path.relative_to(DATA.parents[2])}: {len(values)} entries")


def main() -> None:
    firsts = first_names()
    lasts = surnames()
    words = english_words()
    ambiguous = name_words()
    source = "Generated by bench/advice_line/build_lexicons.py; do not edit by hand."
    write("first_names.txt", firsts, f"Given names.\n{source}")
    write("surnames.txt", lasts, f"Family names.\n{source}")
    write("english_words.txt", words, f"Everyday English words (lower case).\n{source}")
    write("name_words.txt", ambiguous, f"Given names that are also everyday words.\n{source}")


if __name__ == "__main__":
    main()
