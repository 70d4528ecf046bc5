"""Write data/starter_corpus.csv, the labelled corpus the starter spam model is trained on.

Run ``python data/make_starter_corpus.py``: with its fixed seed it writes the same CSV every time,
prints how varied it is, and copies those figures into data/README.md. Every word is written here
for this project; no row is copied or paraphrased from any data set. The corpus is for the comment
sections of blogs and articles (technical tutorials, cooking, travel, local news, politics, personal
blogs, product reviews and a dozen more kinds of site), with a minority of YouTube-style rows so
video comments still score well.

Columns: text, author, label (spam/ham), kind (family, e.g. spam/support-phone, ham/stack-trace),
page_title (the post the comment sits under), author_url (the website field), email, and the client
signals honeypot, seconds_to_submit, author_approved, author_spam, near_duplicates. Those signals
exist on a live site but in no public corpus, so about one row in five carries invented but
plausible values (bots fill the honeypot and submit within seconds; regulars have approved history)
and the rest leave them blank. Those rows' labels come from their text, which explains them alone,
so 90 spam rows (spam/bot-generic) and 90 ham rows (ham/generic-praise) share the same bland praise
and differ only in their signals. They are the only source of the signal weights in the starter
model; moderator decisions replace them as the site runs. In the same way 90 spam rows
(spam/website-only) and 90 ham rows (ham/website-reader) differ only in the website field: a money
site, or a reader's own blog, profile or small business.

How variety is ensured, so that a model learns what separates spam from ham and not the templates:
every row is assembled from independent slots (opening, body sentences drawn from per-family and
per-site vocabularies, closing, sign-off), each with many fillers, in a random order and number;
each site kind has its own invented post titles, subjects and terms that ham comments draw on;
names, handles, domains, links, phone numbers (in a dozen formats), e-mail addresses, prices,
stack traces and code are generated, not listed; comments are lengthened with independently drawn
asides, as real readers' are; and surface noise (case, typos, dropped punctuation, emoji, HTML left over
from old blog engines, line breaks) is applied to both classes at similar rates. Ham and spam share
surface features on purpose: both praise, both link (ham to documentation, issues and its own
posts; spam to money sites), both name brands and print phone numbers (a reader complaining that a
support line was useless), both come in several languages, both mention prices, loans, dentists
and flights, both open with "Very informative article!" and both reach the page through old blog
engines' markup. What separates them is what a moderator sees: selling something unrelated to the
post, a support number offered as a service, a link that is the point of the comment.
Where a kind lives in its form rather than its words (a comment pasted twice, an export full of
<p>, &#39; and lost "rn" line breaks, a reply quoting another reader), the form is applied to
comments drawn from the other makers, so the form is what the kind adds. The newer makers (video,
user-group, issue and link talk, reviews with prices, money, phone numbers passed on by neighbours,
long angry disagreements, English as a second language; on the spam side the composed variants of
each family and the pasted mini-article) build each comment from several slot lists in a random
number and order, so that no one sentence carries a kind. The generator measures itself (rows per kind, distinct word 3-grams
per row, the share of rows whose text is unique, also with links and numbers masked, and median
length) and stops rather than pad a kind with repeated texts.
The one rule: never paste real comments into it, from any data set, and never tune it row by row
against an evaluation set; write new slots instead.
"""

# The vocabularies are data: one filler a line reads and diffs better than wrapped fragments. The
# SQL in them is sample text for comments, never run.
# ruff: noqa: E501, S608

from __future__ import annotations

import csv
import random
import re
import string
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20261202
HERE = Path(__file__).resolve().parent
OUT = HERE / "starter_corpus.csv"
README = HERE / "README.md"
COLUMNS = [
    "text", "author", "label", "kind", "page_title", "author_url", "email",
    "honeypot", "seconds_to_submit", "author_approved", "author_spam", "near_duplicates",
]
SIGNAL_COLUMNS = COLUMNS[7:]

R = random.Random(SEED)


def pick(seq: Sequence[str]) -> str:
    return R.choice(seq)


def chance(p: float) -> bool:
    return R.random() < p


def maybe(p: float, text: str, other: str = "") -> str:
    return text if R.random() < p else other


def some(seq: Sequence[str], lo: int, hi: int) -> list[str]:
    """Return between lo and hi distinct items of seq in random order."""
    return R.sample(list(seq), min(len(seq), R.randint(lo, hi)))


def join(*parts: str, sep: str = " ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def end(text: str, marks: Sequence[str] = (".", ".", ".", "!", "")) -> str:
    """Close a sentence unless it already ends in punctuation."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?:)" else text + pick(marks)


def sentences(*parts: str) -> str:
    return join(*(end(cap(p)) for p in parts if p and p.strip()))


def rand_id(n: int, chars: str = string.ascii_lowercase + string.digits) -> str:
    return "".join(R.choice(chars) for _ in range(n))


# ------------------------------------------------------------------------------------------------
# Kinds of site: invented post titles, the subjects they are about and the words readers use

@dataclass
class Site:
    name: str
    titles: list[str]  # "{s}" is the subject, "{S}" the subject capitalised
    subjects: list[str]
    terms: list[str]
    questions: list[str]  # "{s}" subject, "{t}" a term
    stories: list[str]
    tips: list[str]
    tech: str = ""  # the language of pasted code, for technical sites
    tags: list[str] = field(default_factory=list)


SITES = [
    Site(
        "python",
        ["Fixing {s} in five minutes", "A gentle introduction to {s}", "Why I stopped worrying about {s}",
         "{S}: what the docs don't tell you", "Notes on {s} after a year in production", "Debugging {s} the hard way",
         "{S} explained with examples", "Things I wish I knew about {s}", "Speeding up {s} by 10x"],
        ["asyncio event loops", "Django migrations", "pandas groupby", "type hints", "virtualenvs", "pytest fixtures",
         "SQLAlchemy sessions", "Celery retries", "unicode handling", "packaging with pyproject.toml", "generators",
         "the GIL", "FastAPI dependency injection", "NumPy broadcasting", "logging configuration", "dataclasses"],
        ["the traceback", "pip", "the interpreter", "Python 3.12", "the stdlib", "a context manager", "the decorator",
         "the event loop", "a list comprehension", "the requirements file", "mypy", "the REPL", "poetry", "wheel builds",
         "the import system", "a dict", "kwargs", "the test suite", "CI", "the docs", "h5py", "s3fs", "py3k leftovers"],
        ["does {s} behave the same on Python 3.8?", "how would you test {s} without hitting the network?",
         "is there a reason you didn't use {t} here?", "does this work inside a Jupyter notebook?",
         "what happens with {s} when the process forks?", "any idea why {t} complains after following step 3?",
         "would you recommend {s} for a small team?", "how does this compare to the approach in the official tutorial?"],
        ["I spent two days on exactly this bug last month", "our team migrated a 200k line codebase to {s} last year",
         "I teach Python to biologists and {s} is where everyone gets stuck", "we hit this in production at 3am once"],
        ["pin your dependencies before trying this", "run it with -X dev and the warning shows up immediately",
         "python -m pip instead of bare pip saves a lot of confusion", "set PYTHONWARNINGS=error in CI"],
        tech="python",
    ),
    Site(
        "web",
        ["Understanding {s}", "{S} without a framework", "How we cut our bundle size with {s}", "A practical guide to {s}",
         "{S} in 2024: is it still worth it?", "Stop misusing {s}", "Building a form with {s}", "My {s} checklist"],
        ["React hooks", "CSS grid", "service workers", "webpack config", "TypeScript generics", "CORS", "flexbox",
         "the fetch API", "Vue components", "web components", "Node streams", "npm workspaces", "accessibility",
         "dark mode", "lazy loading images", "ES modules", "Next.js routing", "form validation"],
        ["the console", "Chrome devtools", "Firefox", "Safari", "the DOM", "node_modules", "useEffect", "the bundle",
         "Lighthouse", "the polyfill", "a promise", "async/await", "the API", "the browser", "localStorage", "JSON",
         "npm", "yarn", "vite", "eslint", "w3schools", "d3.js", "i18next", "web3.js"],
        ["does {s} work in Safari yet?", "how do you handle {t} with server side rendering?",
         "is there a polyfill for older browsers?", "how would you test {s} with jest?",
         "did you measure the impact on Lighthouse scores?", "why does {t} fire twice in development mode?",
         "can this be done without jQuery?", "what about screen readers?"],
        ["I maintain a large legacy jQuery app and {s} saved us", "our agency switched to {s} last spring",
         "I learned {s} from your older post, so thanks twice", "I built my portfolio with this approach"],
        ["check caniuse before shipping this", "turn on strict mode in tsconfig, it catches half of these bugs",
         "the devtools performance tab shows the layout thrashing clearly", "keep the polyfill behind a feature check"],
        tech="js",
    ),
    Site(
        "dotnet",
        ["Dependency injection with {s}", "Unit testing {s}", "{S} gotchas", "Migrating to {s}", "Why {s} is slow and how to fix it",
         "A closer look at {s}", "Getting started with {s}", "Build automation with {s}"],
        ["Castle Windsor", "Entity Framework", "LINQ", "ASP.NET MVC", "NHibernate", "async controllers", "MSBuild",
         "NuGet packages", "xUnit", "Moq", "WPF bindings", "Blazor", "the garbage collector", "Autofac", "psake",
         "IoC containers", "extension methods", "Razor views"],
        ["Visual Studio", "the solution file", "the csproj", "the IDE", "ReSharper", "the container", "the repository",
         "the DbContext", "IEnumerable", "the web.config", "the GAC", "the build server", "PowerShell", "the assembly",
         "the interface", "the constructor", "NUnit", "TeamCity", ".NET 8", "Mono", "log4net", "the log4net config"],
        ["does {s} work on .NET Core?", "how do you register {t} with {s}?", "is there a way to do this without {t}?",
         "what lifestyle do you use for the repository?", "would this work with Mono on Linux?",
         "can you share the full solution?", "why not just use constructor injection?", "which version of {s} is this?"],
        ["we ripped out our home-grown container and moved to {s}", "I had the same fight with {s} on a client project",
         "my team still runs this on a build server from 2012", "I maintain a small open source library on top of {s}"],
        ["turn on binding redirects logging, it tells you which assembly is wrong", "clean the obj folder first",
         "register the open generic once and stop worrying", "run the tests in release mode too"],
        tech="csharp",
    ),
    Site(
        "devops",
        ["Running {s} on a $5 VPS", "{S} for the impatient", "What broke when we moved to {s}", "Hardening {s}",
         "Monitoring {s} with open source tools", "A minimal {s} setup", "{S} tips from years of on-call"],
        ["nginx", "Docker Compose", "Kubernetes", "systemd units", "Ansible playbooks", "Terraform state", "PostgreSQL backups",
         "Let's Encrypt certificates", "GitHub Actions", "Prometheus alerts", "SSH keys", "log rotation", "ZFS", "WireGuard",
         "cron jobs", "the firewall"],
        ["the config", "the container", "the volume", "journalctl", "the load balancer", "DNS", "the pod", "the Dockerfile",
         "the cluster", "the playbook", "the runner", "the cert", "the reverse proxy", "iptables", "the disk", "the kernel", "s3cmd", "md5sum", "the k8s manifest"],
        ["does this survive a reboot?", "how do you rotate {t} without downtime?", "any reason not to use {t} here?",
         "what does your backup restore test look like?", "does {s} play well with SELinux?", "how much RAM does this need?",
         "how do you keep secrets out of the repo?", "which distro are you on?"],
        ["we lost a weekend to {s} last year", "I run {s} for a small nonprofit on donated hardware",
         "our on-call rotation got a lot calmer after we fixed {t}", "I set this up for my home lab"],
        ["test the restore, not just the backup", "pin the image digest, not the tag", "set a memory limit or it will eat the box",
         "journalctl -u yourservice -f shows it live"],
        tech="shell",
    ),
    Site(
        "java",
        ["{S} in practice", "Tuning {s}", "Replacing XML config with {s}", "{S}: a field guide", "Reactive {s} explained"],
        ["Spring Boot", "Hibernate lazy loading", "Maven builds", "Gradle", "JVM garbage collection", "Kotlin coroutines",
         "JUnit 5", "Android fragments", "Jackson serialisation", "Java records", "thread pools"],
        ["the pom", "the bean", "the heap", "the annotation", "IntelliJ", "the classpath", "the jar", "the JDK", "the stack",
         "the session", "the mapper", "the entity", "the emulator", "gradlew", "log4j", "slf4j", "log4j2.xml", "the slf4j binding"],
        ["does this need Java 17?", "how do you avoid {t} being null here?", "what heap size do you run with?",
         "is {s} worth it for a small service?", "does this work on Android too?", "which Spring version is this?"],
        ["I've been writing Java since 1.4 and {s} still surprises me", "we moved our monolith to {s} in 2021"],
        ["run it with -Xlog:gc to see what is happening", "mark the field transient", "check the effective pom"],
        tech="java",
    ),
    Site(
        "data",
        ["Indexing {s}", "{S} for analysts", "Query plans and {s}", "When {s} is the wrong tool", "A tour of {s}"],
        ["window functions", "PostgreSQL indexes", "MySQL replication", "SQLite", "Redis caching", "query optimisation",
         "database migrations", "JSON columns", "full text search", "data warehouses", "ETL pipelines"],
        ["the query", "the index", "EXPLAIN ANALYZE", "the table", "the join", "the schema", "the primary key",
         "the transaction", "the replica", "the dashboard", "a CTE", "the cache"],
        ["does this work on MySQL 5.7?", "how big was the table when you measured this?", "what about a partial index?",
         "does {s} lock the table?", "how does this behave under concurrent writes?"],
        ["our reporting queries went from minutes to seconds with {s}", "I'm a data analyst, not a DBA, and this helped"],
        ["always look at the actual plan, not the estimated one", "vacuum analyze after the bulk load"],
        tech="sql",
    ),
    Site(
        "cooking",
        ["The only {s} recipe you need", "Weeknight {s}", "{S}, my grandmother's way", "How to make {s} at home",
         "Easy {s} in 30 minutes", "{S} for a crowd", "My favourite {s}", "One-pot {s}"],
        ["chicken curry", "lasagna", "pad thai", "vegetable soup", "beef stew", "shakshuka", "risotto", "dal",
         "fish tacos", "ramen", "chili", "paella", "pierogi", "bibimbap", "moussaka", "gumbo", "tagine", "pesto pasta"],
        ["the sauce", "garlic", "the onions", "coconut milk", "the spices", "cumin", "fresh herbs", "the stock",
         "a cast iron pan", "the slow cooker", "the Instant Pot", "leftovers", "butter", "olive oil", "chilli flakes",
         "the marinade", "lemon juice", "parmesan", "rice", "the oven"],
        ["can I make {s} the day before?", "what can I use instead of {t}?", "does this freeze well?",
         "can I use {t} instead?", "how spicy is this really?", "could this work in a slow cooker?",
         "is it possible to make {s} vegan?", "how many people does this serve?", "dried or fresh herbs?"],
        ["I made {s} for my in-laws on Sunday", "my kids usually refuse anything green but they ate this",
         "I've been cooking {s} every week since I found this", "we made this on a camping stove last summer"],
        ["toast the spices first", "salt the water more than you think", "let it rest before serving",
         "a splash of vinegar at the end brightens it"],
    ),
    Site(
        "baking",
        ["Sourdough for beginners", "Perfect {s} every time", "The science of {s}", "{S} without a mixer",
         "Gluten-free {s} that actually works", "Troubleshooting {s}", "My {s} diary"],
        ["sourdough bread", "croissants", "banana bread", "cinnamon rolls", "brownies", "pie crust", "focaccia",
         "macarons", "bagels", "carrot cake", "scones", "brioche", "cheesecake", "chocolate chip cookies"],
        ["the starter", "the dough", "hydration", "the crumb", "proofing", "bread flour", "yeast", "the oven spring",
         "baking soda", "brown sugar", "the butter", "a Dutch oven", "the glaze", "eggs", "buttermilk", "almond flour"],
        ["can I use all-purpose flour instead of {t}?", "my {s} came out dense, what did I do wrong?",
         "how long can the dough sit in the fridge?", "what temperature is your kitchen?",
         "can I halve the recipe?", "grams or cups?", "could I replace the eggs with flax?",
         "does this work at high altitude?"],
        ["my first loaf looked like a frisbee", "I bake {s} for the school fair every year",
         "my daughter and I made {s} together last weekend", "I've killed three starters before this one"],
        ["weigh the flour, cups are never the same", "use the fridge for a slow overnight rise",
         "an oven thermometer changed everything for me"],
    ),
    Site(
        "travel",
        ["Two weeks in {s} on a budget", "{S}: what I wish I'd known", "A weekend in {s}", "Hiking {s}",
         "{S} with kids", "Is {s} worth the hype?", "Getting around {s} by train"],
        ["Lisbon", "Kyoto", "the Scottish Highlands", "Patagonia", "Vietnam", "the Amalfi coast", "Iceland",
         "Morocco", "Slovenia", "the Camino de Santiago", "New Zealand", "Oaxaca", "the Dolomites", "Sri Lanka", "Georgia"],
        ["the hostel", "the night train", "the ferry", "a rental car", "the old town", "the hike", "the border",
         "the visa", "the market", "the guesthouse", "local buses", "the airport", "street food", "the trail", "the beach"],
        ["how did you get from the airport to the city?", "is {s} safe for a solo female traveller?",
         "what month did you go?", "did you need to book {t} in advance?", "how much cash should I bring?",
         "is it doable without a car?", "did you need a visa?", "was {t} crowded?"],
        ["we did {s} on our honeymoon", "I lived in {s} for a year as a student", "my parents took us to {s} every summer",
         "I backpacked through {s} in 2015"],
        ["buy the regional pass, it pays for itself in two days", "go early, the tour buses arrive at ten",
         "bring a rain jacket whatever the forecast says", "the second class seats are fine"],
    ),
    Site(
        "local-news",
        ["Council approves {s}", "Residents oppose {s}", "What {s} means for our town", "{S}: questions and answers",
         "Public meeting on {s} this Thursday", "Delays hit {s}"],
        ["the new bus routes", "the library closure", "the bike lane on Main Street", "the school merger",
         "the stadium project", "the water rate increase", "the harbour redevelopment", "the parking changes",
         "the hospital expansion", "the new housing estate", "the bridge repairs", "the farmers market move"],
        ["the council", "the mayor", "residents", "the budget", "the meeting", "the consultation", "property taxes",
         "the planning committee", "the contractor", "traffic", "the petition", "the ward councillor", "the school board"],
        ["when is the next public meeting?", "who is paying for {s}?", "will there be a consultation?",
         "has anyone seen the full report?", "what happens to the old building?", "is this on the agenda on Monday?"],
        ["I've lived on this street for forty years", "my kids walk past the site every day",
         "I went to the last meeting and nobody answered questions", "we run a small business next to the site"],
        ["the minutes are on the council website", "you can still comment on the planning portal until Friday"],
    ),
    Site(
        "politics",
        ["The case against {s}", "Why {s} keeps failing", "{S} is not the answer", "What the debate on {s} gets wrong",
         "Five myths about {s}", "The real cost of {s}"],
        ["the minimum wage", "rent control", "immigration policy", "the carbon tax", "universal basic income",
         "the pension reform", "tax cuts", "the healthcare bill", "term limits", "voter ID laws", "the trade deal", "nuclear power"],
        ["the government", "the opposition", "voters", "the economy", "the deficit", "workers", "the budget",
         "the polls", "the election", "the senate", "the unions", "the constitution", "taxpayers", "the media"],
        ["where are the numbers on {s}?", "who actually benefits from {s}?", "why does nobody mention {t}?",
         "what would you do instead?", "did you read the actual bill?"],
        ["I've voted in every election since 1978", "I run a small business and {s} hits us directly",
         "my parents were immigrants and I see this differently", "I was a union rep for fifteen years"],
        ["read the whole bill, not the summaries", "look at what happened in the neighbouring state"],
    ),
    Site(
        "personal",
        ["A year of {s}", "On {s}", "What {s} taught me", "Letting go of {s}", "Notes from {s}", "Starting over with {s}"],
        ["running", "burnout", "moving abroad", "quitting social media", "becoming a dad", "turning forty",
         "living alone", "learning to draw", "grief", "a career change", "sobriety", "journaling"],
        ["the first month", "my family", "friends", "work", "the mornings", "therapy", "the dog", "my partner",
         "the weekend", "my old job", "the routine", "sleep"],
        ["how did you keep going in the first weeks?", "did your family understand?", "would you do it again?",
         "what helped the most?", "how long did it take before it felt normal?"],
        ["I went through {s} two years ago", "my sister did the same thing last year", "I'm in the middle of {s} right now",
         "reading this at 2am after a bad week"],
        ["be kind to yourself on the bad days", "write things down, you forget how far you came"],
    ),
    Site(
        "reviews",
        ["{S} review: six months later", "Is {s} worth the money?", "{S} vs the competition", "Long-term test: {s}",
         "{S} hands-on", "The {s} I returned"],
        ["the Kindle Paperwhite", "the Pixel 8", "a robot vacuum", "noise cancelling headphones", "the Framework laptop",
         "an air fryer", "a standing desk", "the Steam Deck", "a mechanical keyboard", "an e-bike", "a mesh wifi system",
         "a budget 4K monitor", "a smart thermostat", "a cordless drill"],
        ["the battery", "the price", "the warranty", "the app", "customer service", "the build quality", "the screen",
         "firmware updates", "the charger", "the return policy", "the manual", "the sound", "the fan noise", "shipping"],
        ["how is the battery after a year?", "did you have any issues with {t}?", "is the {s} loud?",
         "would you buy it again at full price?", "does it work without the app?", "which model exactly?",
         "is it worth upgrading from the previous version?"],
        ["I bought {s} after reading this", "mine died two weeks after the warranty ran out",
         "I returned mine because of {t}", "my dad uses {s} every day"],
        ["register the warranty the day you buy it", "update the firmware before judging it",
         "buy it in the sales, the price drops every few months"],
    ),
    Site(
        "gardening",
        ["Growing {s} in containers", "{S} from seed", "Why your {s} are struggling", "A beginner's guide to {s}",
         "Companion planting with {s}", "Overwintering {s}"],
        ["tomatoes", "roses", "hostas", "dahlias", "garlic", "chillies", "blueberries", "lavender", "raised beds",
         "a wildflower meadow", "houseplants", "fruit trees", "potatoes", "herbs"],
        ["the soil", "compost", "mulch", "aphids", "slugs", "the greenhouse", "seedlings", "the frost", "watering",
         "the pH", "the allotment", "pruning", "fertiliser", "the pots", "clay soil"],
        ["what do you do about {t}?", "when should I plant {s} in zone 6?", "do {s} need full sun?",
         "how often do you water in summer?", "is it too late to plant now?", "what compost do you use?"],
        ["my allotment neighbour swears by this", "I lost all my {s} to a late frost last year",
         "my grandfather grew {s} on the same plot for fifty years"],
        ["water at the base, not the leaves", "a bit of crushed eggshell round the stems helped me", "rotate the beds every year"],
    ),
    Site(
        "parenting",
        ["Surviving {s}", "What nobody tells you about {s}", "{S}: our experience", "Screen time and {s}",
         "Gentle approaches to {s}"],
        ["sleep training", "toddler tantrums", "the first week of school", "potty training", "teenagers and phones",
         "picky eating", "sibling rivalry", "homework battles", "starting daycare", "the newborn months"],
        ["bedtime", "the nursery", "our pediatrician", "the school", "the baby", "grandparents", "the routine",
         "daycare", "the teacher", "naps", "the tablet", "my husband", "my wife"],
        ["how old was your child when you started?", "did it get worse before it got better?",
         "what did you do about {t}?", "how long did it take?", "any book recommendations?"],
        ["we went through {s} with our second", "I'm a single dad and {s} nearly broke me",
         "our twins did this in opposite directions", "I'm a primary school teacher and a mum of three"],
        ["consistency matters more than the method", "pick your battles, honestly"],
    ),
    Site(
        "photography",
        ["Shooting {s}", "{S} with a kit lens", "My {s} workflow", "Mistakes I made with {s}", "{S} on a budget"],
        ["street photography", "astrophotography", "portraits in natural light", "film photography", "long exposures",
         "wildlife photography", "Lightroom presets", "macro photography", "wedding photography", "black and white"],
        ["the lens", "aperture", "ISO", "the tripod", "the sensor", "RAW files", "the histogram", "the 50mm",
         "shutter speed", "autofocus", "the light", "the edit", "noise", "white balance"],
        ["what lens did you use for the third photo?", "do you shoot RAW or JPEG?", "what were the settings?",
         "how do you deal with {t} at night?", "is {t} worth the upgrade?"],
        ["I started with {s} on my phone", "I shot my cousin's wedding with exactly this setup"],
        ["expose for the highlights", "turn off image stabilisation on a tripod"],
    ),
    Site(
        "finance",
        ["{S} explained simply", "How I paid off {s}", "The truth about {s}", "{S} for people in their twenties",
         "Should you worry about {s}?"],
        ["index funds", "student loans", "an emergency fund", "credit card debt", "retirement savings", "a mortgage",
         "budgeting apps", "inflation", "the FIRE movement", "dividend investing", "a pension"],
        ["the interest rate", "fees", "the broker", "my bank", "the budget", "taxes", "the spreadsheet", "the ETF",
         "compound interest", "the down payment", "my salary", "the market"],
        ["what about the fees?", "does this apply outside the US?", "how does {t} change the picture?",
         "what spreadsheet template do you use?", "is {s} still a good idea with rates this high?"],
        ["I paid off my student loans last year", "we bought our first flat in 2019",
         "my dad lost a lot in 2008 and never trusted the market again"],
        ["automate the transfer on payday", "check the expense ratio before anything else"],
    ),
    Site(
        "health",
        ["Starting {s} after forty", "{S} without the hype", "What the research says about {s}", "My {s} routine",
         "Coming back from {s}"],
        ["strength training", "intermittent fasting", "marathon training", "back pain", "yoga", "sleep hygiene",
         "knee injuries", "cycling", "swimming", "a plant-based diet", "physiotherapy"],
        ["the warm-up", "my physio", "my GP", "the gym", "protein", "stretching", "recovery", "the plan", "my knees",
         "rest days", "the doctor", "the study"],
        ["how many days a week do you train?", "did you see a physio first?", "what about {t}?",
         "is this safe with a bad back?", "how long before you noticed a difference?"],
        ["I started {s} at 52", "I tore my ACL playing football and {s} got me back", "my doctor suggested {s}"],
        ["start lighter than you think", "sleep matters more than the programme"],
    ),
    Site(
        "gaming",
        ["{S} review", "Why {s} still holds up", "Beginner tips for {s}", "{S}: the hidden mechanics", "I finally finished {s}"],
        ["Elden Ring", "Stardew Valley", "Hades", "Baldur's Gate 3", "Factorio", "Hollow Knight", "Civilization VI",
         "Disco Elysium", "Minecraft", "The Witcher 3", "Celeste", "Slay the Spire"],
        ["the boss", "the DLC", "the patch", "the build", "co-op", "the ending", "the soundtrack", "mods", "the map",
         "the Steam Deck", "frame rate", "the save file", "the tutorial", "speedruns"],
        ["which build did you use for {t}?", "is the DLC worth it?", "does it run on the Steam Deck?",
         "how many hours did it take you?", "any tips for {t}?"],
        ["I put 300 hours into {s}", "my son got me into {s}", "I played {s} at launch and again last year"],
        ["do the side quests first", "turn off motion blur"],
    ),
    Site(
        "music",
        ["Learning {s} as an adult", "{S}: gear and practice", "The story behind {s}", "Recording {s} at home",
         "Why {s} matters"],
        ["fingerstyle guitar", "jazz piano", "home recording", "vinyl collecting", "the ukulele", "music theory",
         "singing lessons", "bass guitar", "synthesizers", "choir singing", "the violin"],
        ["the chords", "the metronome", "practice", "my teacher", "the interface", "the mic", "scales", "the amp",
         "the album", "the record player", "the strings", "the tuning", "the band"],
        ["how long do you practise each day?", "which interface do you use?", "any songs for beginners?",
         "did you learn to read music first?", "what strings are those?"],
        ["I picked up {s} at 45", "my band recorded our demo this way", "my dad's record collection got me into {s}"],
        ["slow it down to half speed", "record yourself, it hurts but it works"],
    ),
    Site(
        "books",
        ["Review: {s}", "Reading {s} again", "Why everyone should read {s}", "Book club notes: {s}", "{S} and its critics"],
        ["Middlemarch", "The Left Hand of Darkness", "a history of the Roman Empire", "Moby-Dick", "a Russian novel",
         "this year's prize winner", "a memoir about addiction", "the new translation of the Odyssey", "a biography of Lincoln"],
        ["the ending", "the translation", "the author", "chapter three", "the narrator", "the audiobook", "the characters",
         "the first hundred pages", "the footnotes", "the library", "the sequel", "the edition"],
        ["which translation did you read?", "is the audiobook any good?", "what should I read next?",
         "did you finish the sequel?", "is it worth pushing through the slow start?"],
        ["I read {s} in school and hated it", "our book club argued about {s} for two hours"],
        ["read the introduction last", "the library app has it for free"],
    ),
    Site(
        "diy",
        ["Fixing {s} yourself", "{S} on a weekend", "How I rebuilt {s}", "{S}: a beginner's mistakes", "Don't skip this when doing {s}"],
        ["a leaking tap", "a deck", "kitchen cabinets", "drywall", "a shed", "bathroom tiles", "a wooden floor",
         "insulation", "a fence", "a bookshelf", "electrical outlets", "a concrete path"],
        ["the drill", "screws", "the stud", "the sealant", "the level", "the saw", "primer", "grout", "the joists",
         "plywood", "the hardware store", "the breaker", "sandpaper", "the glue"],
        ["what screws did you use?", "did you need a permit?", "how long did {t} take to dry?",
         "would this work on a concrete wall?", "what did it cost in total?"],
        ["I tried {s} last summer and made every mistake here", "my father-in-law is a carpenter and he approved"],
        ["measure twice, as always", "turn the power off at the breaker, not the switch"],
    ),
    Site(
        "cars",
        ["Living with {s}", "{S}: real-world costs", "Maintaining {s} yourself", "{S} long-term report"],
        ["an electric car", "a 20-year-old Volvo", "a used hybrid", "a camper van", "winter tyres", "a motorbike",
         "a classic Mini", "a diesel estate"],
        ["the mileage", "the battery", "the mechanic", "the MOT", "insurance", "the charger", "the clutch", "rust",
         "fuel economy", "the dealer", "the timing belt", "the brakes"],
        ["what's the real range in winter?", "how much is insurance?", "did you do {t} yourself?", "where do you charge it?"],
        ["I drove {s} across Europe in 2019", "my first car was {s}"],
        ["check the service history before anything else"],
    ),
    Site(
        "pets",
        ["Adopting {s}", "Training {s}", "{S}: the first month", "What vets say about {s}"],
        ["a rescue greyhound", "an older cat", "a puppy", "two rabbits", "a parrot", "a reactive dog", "kittens", "a senior dog"],
        ["the vet", "the crate", "walks", "treats", "the shelter", "the lead", "food", "the litter box", "the trainer",
         "fleas", "the harness"],
        ["how long before he settled in?", "what food do you use?", "did you try {t}?", "how do you handle vet visits?"],
        ["we adopted {s} in March", "our old cat lived to 21"],
        ["give them a quiet corner of their own"],
    ),
    Site(
        "science",
        ["How {s} actually works", "{S} in plain language", "New findings on {s}", "The history of {s}"],
        ["CRISPR", "black holes", "the immune system", "plate tectonics", "quantum computing", "the microbiome",
         "climate models", "exoplanets", "vaccines", "fusion power"],
        ["the paper", "the study", "the data", "the sample size", "the model", "the telescope", "the experiment",
         "peer review", "the error bars", "the preprint"],
        ["is the paper open access?", "how big was the sample?", "has this been replicated?", "where can I read more?"],
        ["I studied {s} at university in the nineties", "my daughter asked me about {s} and I couldn't explain it"],
        ["read the methods section before the abstract"],
    ),
    Site(
        "php",
        ["Fixing {s} in WordPress", "{S} the right way", "Upgrading {s} to PHP 8", "{S} without a plugin",
         "{S}: a Laravel walkthrough", "Why {s} breaks after every update", "Ten lines of PHP for {s}"],
        ["custom post types", "WordPress hooks", "Laravel queues", "Composer autoloading", "PHP sessions", "the WP REST API",
         "child themes", "WooCommerce checkout fields", "Symfony forms", "PDO prepared statements", "permalinks and .htaccess",
         "shortcodes", "Eloquent relationships", "PHP-FPM tuning", "the Gutenberg editor", "multisite installs"],
        ["functions.php", "the theme", "the plugin", "wp-config.php", ".htaccess", "Composer", "the hook", "the filter", "PHP 8.2",
         "the admin panel", "phpMyAdmin", "the migration", "artisan", "the cache plugin", "the child theme", "the shortcode",
         "Xdebug", "the autoloader", "the hosting control panel", "the database prefix"],
        ["does this work with the block editor?", "where exactly do I put this, in {t}?", "will this survive a theme update?",
         "does {s} work on shared hosting?", "is there a way to do this without {t}?", "which PHP version do you need for this?",
         "can this be done with a plugin instead?", "why does {t} show a blank page after this?"],
        ["I maintain a dozen WordPress sites for local shops and {s} bites me every year", "our agency moved everything to {s} last spring",
         "I learned PHP hacking on my band's WordPress site", "a client's site went white because of {t}"],
        ["always use a child theme for this", "turn on WP_DEBUG_LOG instead of WP_DEBUG on a live site",
         "flush the permalinks after adding the post type", "run composer dump-autoload after moving classes"],
        tech="php",
    ),
    Site(
        "go",
        ["{S} in Go", "Learning {s} with Rust", "{S} without the magic", "What {s} taught me", "A tiny {s} in Rust",
         "Profiling {s}", "{S} for people coming from Python"],
        ["goroutines", "channels", "the borrow checker", "Go modules", "error wrapping", "Rust lifetimes", "async Rust with tokio",
         "Go generics", "cgo", "cross-compiling", "a CLI with cobra", "serde", "WebAssembly", "embedded Rust"],
        ["the compiler", "go.mod", "Cargo.toml", "the linter", "the race detector", "clippy", "the channel", "the mutex", "the trait",
         "the struct", "go vet", "rustup", "the crate", "the context", "the binary size", "the build cache"],
        ["does this still compile on the latest stable?", "how would you test {s} without a real network?",
         "why not just use {t} here?", "does {s} work on Windows too?", "what about cancellation?", "is {t} really needed for this?"],
        ["I rewrote a small Python service in Go and {s} was the hardest part", "I fought {t} for a week on my first Rust project",
         "our team ships a CLI built on {s}"],
        ["run the tests with -race before you trust it", "cargo clippy catches most of this", "keep the context as the first argument"],
        tech="go",
    ),
]
SITE_BY_NAME = {s.name: s for s in SITES}
TECH_SITES = [s for s in SITES if s.tech]


@dataclass
class Post:
    site: Site
    subject: str
    title: str


def new_post(site: Site | None = None) -> Post:
    site = site or pick(SITES)
    subject = pick(site.subjects)
    title = pick(site.titles).replace("{S}", cap(subject)).replace("{s}", subject)
    if chance(0.12):
        title = title.lower()
    return Post(site, subject, title)


def fill(template: str, post: Post) -> str:
    return template.replace("{s}", post.subject).replace("{t}", pick(post.site.terms))


# ------------------------------------------------------------------------------------------------
# People, addresses and links

FIRST = [
    "Anna", "Ben", "Carlos", "Dana", "Eli", "Fatima", "George", "Hana", "Ivan", "Julia", "Kofi", "Laura",
    "Marco", "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena",
    "Yusuf", "Zoe", "Mike", "Jess", "Tom", "Kate", "Luis", "Mei", "Omar", "Sofia", "Raj", "Emma", "Jack",
    "Chloe", "Diego", "Amara", "Noah", "Lena", "Peter", "Aisha", "Hugo", "Stefan", "Katrin", "Jürgen",
    "Bernd", "Sabine", "Thomas", "Matthias", "Pierre", "Amélie", "Jean-Luc", "Camille", "Javier", "Lucía",
    "Pablo", "Giulia", "Luca", "Joris", "Sanne", "Piotr", "Agnieszka", "Mehmet", "Elif", "Kenji", "Yuki",
    "Dmitri", "Olga", "Nikos", "Ingrid", "Lars", "Siobhan", "Declan", "Bongani", "Ngozi", "Arjun", "Deepa",
    "Chris", "Alex", "Jordan", "Pat", "Robin", "Dave", "Steve", "Sarah", "Linda", "Gary", "Brenda", "Ray",
]
LAST = [
    "Smith", "Garcia", "Nguyen", "Kowalski", "Okafor", "Rossi", "Murphy", "Schmidt", "Tanaka", "Silva",
    "Novak", "Haddad", "Jensen", "Brown", "Lopez", "Petrov", "Khan", "Moreau", "Walsh", "Ibrahim", "Park",
    "Costa", "Fischer", "Reyes", "Dubois", "Hughes", "Ali", "Larsen", "Huber", "Gruber", "Wagner", "Bauer",
    "Müller", "Martin", "Bernard", "Fernández", "Romano", "de Vries", "Jansen", "Nowak", "Yilmaz", "Sato",
    "Ivanova", "Papadopoulos", "Lindqvist", "O'Brien", "Dlamini", "Adeyemi", "Sharma", "Iyer", "Chen", "Wright",
]
HANDLE_A = ["dark", "lil", "big", "real", "the", "mr", "its", "king", "old", "code", "dev", "tiny", "grumpy",
            "sleepy", "lazy", "happy", "night", "blue", "red", "iron", "quiet"]
HANDLE_B = ["gamer", "wolf", "tiger", "coder", "hacker", "baker", "cook", "fox", "owl", "rider", "dude",
            "monk", "panda", "walker", "pixel", "byte", "gardener", "hiker", "reader", "nerd"]
FREEMAIL = ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de",
            "web.de", "icloud.com", "proton.me", "aol.com", "orange.fr", "libero.it", "yandex.ru", "mail.ru",
            "hotmail.co.uk", "t-online.de", "free.fr", "btinternet.com"]
PERSONAL_TLDS = ["com", "net", "org", "dev", "io", "me", "de", "at", "fr", "nl", "co.uk", "blog", "name", "ca"]


READER_LOVES = ["travel", "food", "coffee", "book", "bike", "music", "garden", "photo", "keto", "craft", "tour", "hiking", "wine", "tea",
                "movie", "cat", "dog", "shoe", "watch", "diet", "online game", "market day", "vintage shop"]


def person() -> str:
    style = R.random()
    if style < 0.35:
        return f"{pick(FIRST)} {pick(LAST)}"
    if style < 0.6:
        return pick(FIRST)
    if style < 0.72:
        return f"{pick(FIRST)} {pick(LAST)[0]}."
    if style < 0.85:
        return f"{pick(HANDLE_A)}{pick(HANDLE_B)}{maybe(0.4, str(R.randint(1, 99)))}"
    if style < 0.93:
        return f"{pick(FIRST).lower()}{maybe(0.5, '_')}{pick(LAST).lower().replace(' ', '')}"
    if style < 0.96:
        # How readers sign by what they love, some of it what shops sell too: "travel lover", "keto mom".
        name = f"{pick(READER_LOVES)} {pick(['lover', 'fan', 'addict', 'nerd', 'mom', 'dad', 'girl', 'guy', 'junkie', 'enthusiast'])}"
        return name.title() if chance(0.4) else name
    return pick(["Anonymous", "anon", "Guest", "A reader", "Long-time reader", "J", "M.", "ex-colleague", "your neighbour"])


def slug(text: str) -> str:
    ascii_only = text.lower().translate(str.maketrans("äöüéèáíóúñç", "aoueeaiounc"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def ham_email(name: str) -> str:
    parts = [p for p in re.split(r"\W+", slug(name)) if p]
    local = pick([".".join(parts), "".join(parts), parts[0] if parts else "me"]) or "me"
    local += maybe(0.35, str(R.randint(1, 1990)))
    if chance(0.2) and parts:
        return f"{pick(['me', 'hello', 'mail', parts[0]])}@{''.join(parts)}.{pick(PERSONAL_TLDS)}"
    if chance(0.1):
        return f"{parts[0] if parts else 'j'}.{pick(LAST).lower().replace(' ', '')}@{pick(['uni-graz.at', 'tum.de', 'ox.ac.uk', 'acme-corp.com', 'stadtwerke.de', 'company.io', 'hospital.org', 'school.edu'])}"
    return f"{local}@{pick(FREEMAIL)}"


# What readers call their own blogs and small businesses: many of these words are also what a
# spammer's domain is built from ("travel", "shop", "marketing"), so a selling word in a reader's
# website is no proof on its own.
OWN_SITE_TOPICS = ["travel", "photo", "kitchen", "garden", "craft", "bike", "market", "design", "bakery", "knits",
                   "tours", "studio", "shop", "flowers", "plumbing", "repairs", "fitness", "recipes", "books",
                   "vintage", "jewellery", "marketing", "digital", "cleaning", "music", "woodwork", "pottery", "code"]
OWN_SITE_PLACES = ["cities", "zone7", "the-hills", "berlin", "the-north", "small-towns", "two-wheels", "the-kitchen", "numbers", "housing",
                   "tomatoes", "bread", "linux", "python", "old-cameras", "the-road"]
OWN_SITE_ENDS = ["", "notes", "blog", "diary", "life", "adventures", "journal", "corner", "works", "andco", "things"]


def own_site_name(name: str) -> str:
    first = (slug(name).split("-") or ["my"])[0] or "my"
    style = R.random()
    if style < 0.4:
        return f"{first}s{pick(OWN_SITE_TOPICS)}{pick(OWN_SITE_ENDS)}"
    if style < 0.6:
        return f"{pick(OWN_SITE_TOPICS)}with{first}"
    if style < 0.7:
        return f"{pick(LAST).lower().replace(' ', '')}{pick(OWN_SITE_TOPICS)}"
    if style < 0.85:
        # Readers' blogs are often a dashed phrase: "claire-grows-in-zone9", "kyle-crunches-numbers".
        return f"{first}-{pick(['on', 'writes', 'grows', 'bakes', 'reads', 'rides', 'builds', 'codes', 'travels', 'in', 'and', 'loves'])}-{pick(OWN_SITE_TOPICS + OWN_SITE_PLACES)}"
    return f"the{pick(OWN_SITE_TOPICS)}{pick(['notes', 'diary', 'corner', 'life', 'kid', 'nerd', 'geek'])}"


def ham_author_url(name: str) -> str:
    """Most readers leave the website field empty; some give a blog, a GitHub page or a profile,
    and some their own topical blog or small business."""
    handle = (slug(name) if chance(0.3) else slug(name).replace("-", "")) or pick(HANDLE_B)
    style = R.random()
    if style < 0.12:
        return f"{pick(['https://', 'http://', 'https://www.', 'http://www.'])}{own_site_name(name)}.{pick(PERSONAL_TLDS)}/"
    if style < 0.35:
        return f"{pick(['https://', 'http://', 'https://www.', ''])}{handle}.{pick(PERSONAL_TLDS)}"
    if style < 0.55:
        return f"https://github.com/{handle}"
    if style < 0.7:
        return f"http://{handle}.{pick(['wordpress.com', 'blogspot.com', 'tumblr.com', 'substack.com', 'medium.com'])}"
    if style < 0.8:
        return f"https://{pick(['twitter.com', 'mastodon.social/@', 'linkedin.com/in/', 'flickr.com/photos/'])}{handle}".replace("/@/", "/@")
    if style < 0.9:
        return f"https://{handle}.github.io"
    return f"http://{pick(['blog', 'www'])}.{handle}.{pick(PERSONAL_TLDS)}/"


DOC_LINKS = {
    "python": ["https://docs.python.org/3/library/{m}.html", "https://peps.python.org/pep-0{n3}/", "https://docs.djangoproject.com/en/5.0/topics/{m}/",
               "https://github.com/python/cpython/issues/{n5}", "https://bugs.python.org/issue{n5}", "https://pypi.org/project/{m}/",
               "https://stackoverflow.com/questions/{n8}/{q}", "https://docs.pytest.org/en/stable/how-to/{m}.html"],
    "js": ["https://developer.mozilla.org/en-US/docs/Web/API/{M}", "https://github.com/facebook/react/issues/{n5}",
           "https://caniuse.com/?search={m}", "https://nodejs.org/api/{m}.html", "https://stackoverflow.com/questions/{n8}/{q}",
           "https://www.npmjs.com/package/{m}", "https://github.com/vitejs/vite/pull/{n5}", "https://web.dev/articles/{m}"],
    "csharp": ["https://learn.microsoft.com/en-us/dotnet/api/system.{m}", "https://github.com/castleproject/Windsor/issues/{n3}",
               "https://stackoverflow.com/questions/{n8}/{q}", "https://www.nuget.org/packages/{M}", "https://github.com/dotnet/runtime/issues/{n5}",
               "http://msdn.microsoft.com/en-us/library/{m}.aspx", "https://code.google.com/p/{m}/"],
    "shell": ["https://nginx.org/en/docs/http/{m}.html", "https://docs.docker.com/compose/{m}/", "https://man7.org/linux/man-pages/man8/{m}.8.html",
              "https://wiki.archlinux.org/title/{M}", "https://kubernetes.io/docs/concepts/{m}/", "https://github.com/moby/moby/issues/{n5}",
              "https://serverfault.com/questions/{n6}/{q}", "https://www.freedesktop.org/software/systemd/man/{m}.html"],
    "java": ["https://docs.spring.io/spring-boot/docs/current/reference/html/{m}.html", "https://docs.oracle.com/javase/8/docs/api/java/util/{M}.html",
             "https://stackoverflow.com/questions/{n8}/{q}", "https://github.com/spring-projects/spring-boot/issues/{n5}",
             "https://developer.android.com/guide/{m}"],
    "sql": ["https://www.postgresql.org/docs/current/{m}.html", "https://dev.mysql.com/doc/refman/8.0/en/{m}.html",
            "https://www.sqlite.org/{m}.html", "https://dba.stackexchange.com/questions/{n6}/{q}", "https://use-the-index-luke.com/sql/{m}"],
    "php": ["https://developer.wordpress.org/reference/functions/{m}/", "https://www.php.net/manual/en/function.{m}.php",
            "https://laravel.com/docs/11.x/{m}", "https://core.trac.wordpress.org/ticket/{n5}", "https://wordpress.org/support/topic/{q}/",
            "https://github.com/laravel/framework/issues/{n5}", "https://stackoverflow.com/questions/{n8}/{q}", "https://codex.wordpress.org/{M}"],
    "go": ["https://pkg.go.dev/{m}", "https://go.dev/doc/{m}", "https://github.com/golang/go/issues/{n5}", "https://doc.rust-lang.org/std/{m}/index.html",
           "https://github.com/rust-lang/rust/issues/{n5}", "https://docs.rs/{m}/latest/{m}/", "https://users.rust-lang.org/t/{q}/{n5}",
           "https://stackoverflow.com/questions/{n8}/{q}"],
}
DOC_WORDS = ["asyncio", "logging", "fixtures", "migrations", "fetch", "streams", "intersectionobserver", "collections",
             "threading", "linq", "configuration", "proxy", "volumes", "indexes", "explain", "subprocess", "datetime",
             "hashmap", "locking", "transactions", "caching", "workers", "events", "sessions", "permissions"]
GENERAL_LINKS = [
    "https://en.wikipedia.org/wiki/{W}", "https://www.bbc.co.uk/news/{m}-{n8}", "https://www.theguardian.com/{m}/{y}/mar/{d}/{q}",
    "https://www.nytimes.com/{y}/0{d1}/1{d1}/{m}/{q}.html", "https://pubmed.ncbi.nlm.nih.gov/{n8}/", "https://archive.org/details/{q}",
    "https://www.gutenberg.org/ebooks/{n5}", "https://www.reuters.com/world/{q}-{y}-0{d1}-1{d1}/", "https://www.youtube.com/watch?v={yt}",
    "https://maps.google.com/?q={W}", "https://www.seriouseats.com/{q}", "https://www.rhs.org.uk/plants/{q}",
    "https://www.gov.uk/{q}", "https://www.nature.com/articles/s41586-0{y2}-{n5}-{d1}", "https://arxiv.org/abs/2{d1}0{d1}.{n5}",
    "https://www.imdb.com/title/tt{n8}/", "https://www.goodreads.com/book/show/{n6}", "https://www.reddit.com/r/{W}/comments/{yt6}/{q}/",
]
WIKI = ["Stoicism", "Photosynthesis", "Unicode", "Sourdough", "Byzantine_Empire", "Keynesian_economics", "Maillard_reaction",
        "Plate_tectonics", "Fermentation", "Dependency_injection", "Rent_control", "Camino_de_Santiago", "Aperture", "Compound_interest"]


def _link_fill(template: str, words: Sequence[str] = DOC_WORDS) -> str:
    word = pick(words)
    return (template.replace("{m}", word).replace("{M}", cap(word)).replace("{W}", pick(WIKI))
            .replace("{n3}", str(R.randint(100, 999))).replace("{n5}", str(R.randint(10000, 99999)))
            .replace("{n6}", str(R.randint(100000, 999999))).replace("{n8}", str(R.randint(1000000, 79999999)))
            .replace("{q}", "-".join(some(["how", "to", "fix", "error", "when", "using", "the", "with", "why", "does", "not",
                                           "work", "best", "way", "guide", "recipe", "city", "plan", "new", "review"], 2, 5)))
            .replace("{y2}", str(R.randint(18, 24))).replace("{y}", str(R.randint(2008, 2025)))
            .replace("{d1}", str(R.randint(1, 9))).replace("{d}", str(R.randint(10, 28)))
            .replace("{yt6}", rand_id(6)).replace("{yt}", rand_id(11, string.ascii_letters + string.digits + "_-")))


PROJECT_A = ["ankh", "nant", "boo", "dot", "less", "mono", "rake", "moq", "nu", "open", "free", "lib", "py", "js", "go", "tiny",
             "micro", "quick", "simple", "easy", "kit", "cas", "log", "jet", "iron", "sharp", "zen", "fluent", "ruby", "red", "wild"]
PROJECT_B = ["svn", "build", "less", "mark", "feed", "bandit", "note", "cache", "grid", "forms", "sync", "test", "mock", "doc",
             "flow", "pad", "stack", "shell", "map", "photo", "reader", "garden", "recipe", "trail", "market", "press", "board"]
SMALL_HOSTS = ["codeplex.com", "googlecode.com", "sourceforge.net", "github.io", "gitlab.io", "readthedocs.io", "blogspot.com",
               "wordpress.com", "typepad.com", "vox.com", "livejournal.com", "substack.com", "neocities.org", "netlify.app"]


def small_site_link(post: Post | None = None) -> str:
    """A link to a small site nobody has heard of: a project page, someone's blog, a club, a forum.

    Readers link to these all the time, so a domain the model has never seen must not by itself
    look like spam; what a spammer's domain says (cheap, casino, loans) is what should.
    """
    name = pick(PROJECT_A) + pick(PROJECT_B) + maybe(0.2, str(R.randint(2, 99)))
    if chance(0.35):
        name = slug(pick(FIRST) + maybe(0.6, pick(LAST))).replace("-", "")
    style = R.random()
    if style < 0.3:
        host = f"{name}.{pick(PERSONAL_TLDS + ['org', 'net', 'org'])}"
    elif style < 0.55:
        host = f"{name}.{pick(SMALL_HOSTS)}"
    elif style < 0.7:
        host = f"{pick(['code.google.com/p', 'sourceforge.net/projects', 'gitlab.com', 'bitbucket.org', 'codeberg.org'])}/{name}"
    elif style < 0.85:
        host = f"{pick(['weblogs', 'blogs', 'forum', 'wiki', 'www', 'community'])}.{pick(PROJECT_A)}{pick(PROJECT_B)}.{pick(['net', 'org', 'com', 'de', 'at'])}"
    else:
        host = f"{pick(['www.', ''])}{name}.{pick(['com', 'at', 'de', 'ch', 'nl', 'be', 'se', 'fi', 'cz', 'pl'])}"
    path = pick([
        "", "/", f"/{R.randint(2006, 2025)}/{R.randint(1, 12):02d}/{R.randint(1, 28):02d}/{slug(post.subject if post else pick(WIKI))}/",
        f"/archive/{R.randint(2006, 2025)}/{R.randint(1, 12):02d}/{R.randint(1, 28):02d}/{'-'.join(some(['notes', 'on', 'my', 'setup', 'part', 'two', 'fixing', 'the', 'build', 'trip', 'report', 'recipe'], 2, 5))}.aspx",
        f"/wiki/{cap(pick(PROJECT_B))}", f"/download{maybe(0.5, '.html')}", f"/docs/{pick(DOC_WORDS)}", f"/post/{R.randint(1000, 99999)}",
        f"/index.php?topic={R.randint(100, 9999)}.0", f"/viewtopic.php?t={R.randint(1000, 99999)}", f"/issues/{R.randint(1, 900)}",
        f"/watch/{R.randint(100000, 999999)}/{'_'.join(some(['laser', 'hack', 'build', 'demo', 'cat', 'test', 'fail', 'live'], 2, 3))}/",
    ])
    return pick(["http://", "http://www.", "https://", "https://", ""]) + host + path


def ham_link(post: Post | None = None) -> str:
    """A link a reader might give: documentation, an issue, a source, a news story, a small site."""
    if chance(0.4):
        return small_site_link(post)
    if post is not None and post.site.tech and chance(0.8):
        url = _link_fill(pick(DOC_LINKS[post.site.tech]))
    else:
        url = _link_fill(pick(GENERAL_LINKS))
    if chance(0.15):
        url = url.replace("https://", "http://")
    if chance(0.08):
        url = url.split("://", 1)[1]
    return url


def own_post_link(url_base: str, post: Post) -> str:
    base = url_base.rstrip("/")
    if "github.com" in base:
        return f"{base}/{slug(post.subject)[:24] or 'notes'}{maybe(0.5, '/blob/main/README.md')}"
    if not base.startswith("http"):
        base = "https://" + base
    return f"{base}/{R.randint(2009, 2025)}/{R.randint(1, 12):02d}/{slug(post.subject)[:30]}{maybe(0.5, '/')}"


# Spam sites: a niche word, a selling word, a place or a suffix.
NICHES = {
    "support": ["antivirus", "printer", "router", "quickbooks", "email", "tech", "pc", "mac", "helpdesk", "norton", "mcafee", "hp", "epson", "canon", "netgear", "outlook", "gmail", "yahoomail", "aol"],
    "travel": ["flights", "airline", "travel", "trips", "tours", "cruise", "holiday", "visa", "hotels", "booking", "airfare"],
    "home": ["movers", "moving", "plumbing", "plumber", "locksmith", "roofing", "dentist", "dental", "carpet", "cleaning", "hvac", "pestcontrol", "remodeling", "solar", "lawncare", "painters", "realty", "homes", "condos", "storage"],
    "web": ["seo", "webdesign", "marketing", "backlinks", "digital", "ranking", "traffic", "webdev", "apps", "socialmedia", "leads", "agency"],
    "pharma": ["pills", "meds", "rx", "pharmacy", "viagra", "cialis", "drugstore", "tabs", "health", "pharma"],
    "gambling": ["casino", "slots", "bet", "poker", "jackpot", "spins", "betting", "slot88", "gacor", "toto"],
    "crypto": ["crypto", "coin", "btc", "trade", "invest", "profit", "forex", "wallet", "mining", "recovery", "funds"],
    "essay": ["essay", "papers", "homework", "thesis", "assignment", "writers", "dissertation", "academic"],
    "dating": ["dating", "escort", "girls", "singles", "hookup", "babes", "companions", "models", "cams"],
    "loans": ["loans", "cash", "payday", "credit", "lenders", "money", "finance", "titleloans", "funding"],
    "goods": ["jordans", "uggboots", "replica", "watches", "handbags", "jerseys", "outlet", "sneakers", "louboutin", "rayban", "oakley", "monclerjackets"],
    "apps": ["apk", "mod", "app", "games", "vpn", "streaming", "iptv", "download", "keys", "software"],
    "health": ["keto", "cbd", "supplement", "slim", "detox", "hair", "skin", "vision", "glucose", "prostate"],
}
SELL = ["best", "cheap", "top", "pro", "fast", "24h", "247", "my", "the", "usa", "uk", "get", "buy", "smart", "expert", "1st", "trusted", "elite", "royal"]
PLACES = ["austin", "dallas", "miami", "london", "dubai", "sydney", "toronto", "chicago", "houston", "delhi", "mumbai",
          "lagos", "manila", "jakarta", "istanbul", "melbourne", "phoenix", "denver", "seattle", "atlanta", "brooklyn",
          "nyc", "la", "vegas", "orlando", "calgary", "perth", "leeds", "manchester", "birmingham", "karachi", "bangalore"]
SPAM_SUFFIX = ["now", "24", "online", "hub", "pro", "club", "zone", "365", "world", "store", "hq", "center", "guide", "expert", "help", "services", "co", "direct", "point", "land", "daily", "review"]
SPAM_TLDS = ["com", "com", "com", "net", "org", "info", "biz", "xyz", "online", "site", "top", "co", "us", "in", "co.uk", "store", "shop", "club", "pw", "ru", "io"]
SHORTENERS = ["bit.ly", "tinyurl.com", "ow.ly", "is.gd", "cutt.ly", "t.co", "rb.gy", "shorturl.at", "tiny.cc", "goo.gl"]
FREE_HOSTS = ["blogspot.com", "wordpress.com", "weebly.com", "wixsite.com", "tumblr.com", "medium.com", "sites.google.com",
              "strikingly.com", "webflow.io", "netlify.app", "github.io", "jimdosite.com", "over-blog.com", "livejournal.com"]


def spam_domain(niche: str) -> str:
    words = NICHES[niche]
    style = R.random()
    if style < 0.3:
        name = f"{pick(SELL)}{pick(words)}{pick(SPAM_SUFFIX)}"
    elif style < 0.5:
        name = f"{pick(words)}{pick(PLACES)}"
    elif style < 0.65:
        name = f"{pick(words)}-{pick(words)}-{pick(SPAM_SUFFIX)}"
    elif style < 0.8:
        name = f"{pick(PLACES)}{pick(words)}{maybe(0.5, pick(SPAM_SUFFIX))}"
    elif style < 0.9:
        name = f"{pick(words)}{R.randint(1, 999)}"
    else:
        name = f"{pick(SELL)}-{pick(words)}-{pick(PLACES)}"
    return f"{name}.{pick(SPAM_TLDS)}"


def spam_url(niche: str, path: bool | None = None) -> str:
    style = R.random()
    if style < 0.08:
        return f"{pick(['https://', 'http://', ''])}{pick(SHORTENERS)}/{rand_id(R.randint(5, 8), string.ascii_letters + string.digits)}"
    if style < 0.2:
        host = f"{pick(NICHES[niche])}{pick(SPAM_SUFFIX)}{maybe(0.5, str(R.randint(1, 99)))}.{pick(FREE_HOSTS)}"
    else:
        host = spam_domain(niche)
    scheme = pick(["https://", "https://", "http://", "https://www.", "http://www.", "www.", ""])
    tail = ""
    if path if path is not None else chance(0.45):
        tail = "/" + pick([
            "-".join(some(NICHES[niche] + SELL + PLACES, 2, 5)) + maybe(0.5, pick([".html", ".php", "/"])),
            pick(["services", "contact", "blog", "offer", "go", "ref", "product", "category", "p"]) + "/" + rand_id(R.randint(3, 8)),
            "?ref=" + rand_id(6) if chance(0.5) else "index.php?id=" + str(R.randint(1, 9999)),
        ])
    return scheme + host + tail


# ------------------------------------------------------------------------------------------------
# Phone numbers in the shapes people and scammers write them

TOLL_FREE = ["800", "888", "877", "866", "855", "844", "833"]


def phone(toll_free: bool = True) -> str:
    area = pick(TOLL_FREE) if toll_free else str(R.randint(201, 989))
    a, b = R.randint(200, 999), R.randint(1000, 9999)
    style = R.randint(0, 15)
    if style == 0:
        return f"+1-{area}-{a}-{b}"
    if style == 1:
        return f"1 ({area}) {a}-{b}"
    if style == 2:
        return f"1.{area}.{a}.{b}"
    if style == 3:
        return f"1-{area}-{a}-{b}"
    if style == 4:
        return f"({area}) {a}-{b}"
    if style == 5:
        return f"+1 {area} {a} {b}"
    if style == 6:
        return " ".join(f"1{area}{a}{b}")
    if style == 7:
        return f"{area}-{a}-{b}"
    if style == 8:
        return f"+1({area}){a}{b}"
    if style == 9:
        return f"1{area}{a}{b}"
    if style == 10:
        return f"+1 ({area})-{a}-{b}"
    if style == 11:
        return f"1-{area}-{a}{b}"
    if style == 12:
        return f"+1-{area}-{' '.join(str(a))}-{b}"
    if style == 13:
        return f"1 {area} {a} {b}"
    if style == 14:
        return f"+1 {area}.{a}.{b}"
    return f"{area} {a} {b}"


def intl_phone() -> str:
    return pick([
        f"+44 {R.randint(20, 79)}{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(1000, 9999)}",
        f"+91 {R.randint(70000, 99999)} {R.randint(10000, 99999)}",
        f"+234 {R.randint(700, 909)} {R.randint(100, 999)} {R.randint(1000, 9999)}",
        f"+61 {R.randint(400, 499)} {R.randint(100, 999)} {R.randint(100, 999)}",
        f"+971 {R.randint(50, 58)} {R.randint(100, 999)} {R.randint(1000, 9999)}",
        f"0{R.randint(20, 79)}{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)}",
        f"+49 {R.randint(151, 179)} {R.randint(1000000, 9999999)}",
    ])


# ------------------------------------------------------------------------------------------------
# Surface noise, applied to ham and spam alike

EMOJI = ["😂", "❤️", "😍", "🔥", "👍", "🙏", "😭", "👏", "💯", "😎", "🙌", "😀", ":)", ":-)", ";)", ":D", "<3", ":(", "xD", "^^", ":P"]
KEYBOARD = {"a": "s", "e": "r", "i": "o", "o": "p", "t": "r", "n": "m", "s": "a", "r": "e", "h": "j", "l": "k"}


def typo(word: str) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = R.randint(1, len(word) - 2)
    style = R.random()
    if style < 0.35:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if style < 0.6:
        return word[:i] + word[i + 1:]
    if style < 0.8:
        return word[:i] + word[i] + word[i:]
    return word[:i] + KEYBOARD.get(word[i], word[i]) + word[i + 1:]


def typos(text: str, rate: float) -> str:
    return re.sub(r"[A-Za-z]{4,}", lambda m: typo(m.group(0)) if R.random() < rate else m.group(0), text)


def noise(text: str, casual: float = 0.3) -> str:
    """Mess a text up the way people (and spam scripts) do; casual is how sloppy the writer is."""
    if chance(casual * 0.45):
        text = text.lower()
    if chance(casual * 0.3):
        text = text.replace(",", "").replace("'", "").replace("’", "")
    if chance(casual * 0.5):
        text = typos(text, R.uniform(0.02, 0.12))
    if chance(casual * 0.2):
        text = text.rstrip(".!") + " " + pick(EMOJI)
    if chance(0.05):
        text = text.rstrip(".") + pick(["!!", "!!!", "..", "...", "?!"])
    if chance(0.04):
        text = text.upper()
    if chance(0.06):
        text = text.replace(". ", ".  ")
    if chance(0.03):
        text = "\ufeff" + text  # pasted text often carries a byte-order mark
    if chance(0.04):
        text = text + pick([" ", "\n", "  \n"])
    return text


def htmlish(text: str, links: bool = True) -> str:
    """Leftovers of old blog engines: <p> and <br />, entities, and links turned into <a href>."""
    style = R.random()
    if style < 0.35:
        text = text.replace("\n\n", "<br /><br />").replace("\n", "<br />")
    elif style < 0.6:
        text = "<p>" + "</p><p>".join(p for p in text.split("\n\n")) + "</p>"
    elif style < 0.75:
        text = text.replace("\n", "<br>")
    if chance(0.4):
        text = text.replace('"', "&quot;")
    if chance(0.3):
        text = text.replace("'", "&#39;") if chance(0.5) else text.replace("'", "&#8217;")
    if chance(0.2):
        text = text.replace(" & ", " &amp; ")
    if links and "<a " not in text and "[url" not in text and chance(0.7):
        text = re.sub(
            r"(?<![\"'=>])\b((?:https?://|www\.)[^\s<]+[^\s<.,)])",
            lambda m: f'<a href="{m.group(1) if m.group(1).startswith("http") else "http://" + m.group(1)}"{maybe(0.6, " rel=" + chr(34) + "nofollow" + chr(34))}>{m.group(1) if chance(0.7) else m.group(1)[:40] + "..."}</a>',
            text,
        )
    return text


# ------------------------------------------------------------------------------------------------
# Code, error messages and stack traces, the way readers paste them

IDENT = ["user", "order", "item", "config", "result", "data", "session", "request", "response", "payload", "cache",
         "client", "repo", "task", "row", "node", "event", "token", "path", "record", "entry", "widget", "job", "account"]
VERBS = ["get", "load", "parse", "save", "fetch", "build", "handle", "process", "update", "create", "find", "render", "resolve", "send"]
HOME_DIRS = ["/home/", "/Users/", "C:\\Users\\", "/var/www/", "/srv/"]
MODULES = ["app", "utils", "models", "views", "services", "core", "handlers", "tasks", "api", "db", "main", "helpers"]


def ident() -> str:
    return pick(IDENT)


def func_name(style: str = "snake") -> str:
    verb, noun = pick(VERBS), pick(IDENT)
    if style == "camel":
        return verb + cap(noun)
    if style == "pascal":
        return cap(verb) + cap(noun)
    return f"{verb}_{noun}"


def code_snippet(lang: str) -> str:
    """A few lines of plausible code in the site's language."""
    a, b, f = ident(), ident(), func_name("snake")
    if lang == "python":
        return pick([
            f"def {f}({a}):\n    if not {a}:\n        return None\n    return {a}.{pick(['get', 'strip', 'items', 'copy'])}()",
            f"with open(path, encoding=\"utf-8\") as fh:\n    {a}s = [line.rstrip() for line in fh]",
            f"async def {f}(session, url):\n    async with session.get(url) as resp:\n        return await resp.json()",
            f"{a} = {{k: v for k, v in {b}.items() if v is not None}}",
            f"@pytest.fixture\ndef {a}(tmp_path):\n    return {cap(a)}(tmp_path / \"{b}.db\")",
            f"for i, {a} in enumerate({b}s, start=1):\n    print(i, {a})",
            f"try:\n    {a} = {b}[\"{ident()}\"]\nexcept KeyError:\n    {a} = default",
            "import logging\nlogging.basicConfig(level=logging.DEBUG)\nlog = logging.getLogger(__name__)",
            f"{a}s = sorted({b}s, key=lambda x: x.{pick(['created', 'name', 'id', 'score'])}, reverse=True)",
            f"loop = asyncio.get_event_loop()\nloop.run_until_complete({f}())",
        ])
    if lang == "js":
        g = func_name("camel")
        return pick([
            f"const {a} = await fetch(`/api/{b}s/${{id}}`).then(r => r.json());",
            f"useEffect(() => {{\n  {g}();\n}}, [{a}]);",
            f"document.querySelectorAll('.{a}').forEach(el => el.classList.add('active'));",
            f"export function {g}({a}) {{\n  return {a}?.{b} ?? null;\n}}",
            f".grid {{\n  display: grid;\n  grid-template-columns: repeat(auto-fill, minmax({R.randint(120, 320)}px, 1fr));\n}}",
            f"const {{ {a}, {b} }} = props;",
            f"app.get('/{a}s', async (req, res) => {{\n  res.json(await db.{g}(req.query));\n}});",
            f"window.addEventListener('{pick(['resize', 'scroll', 'load'])}', {g}, {{ passive: true }});",
            f"npm install --save-dev {pick(['eslint', 'vite', 'jest', 'typescript', 'prettier'])}@{R.randint(1, 9)}",
        ])
    if lang == "csharp":
        g = func_name("pascal")
        return pick([
            f"container.Register(Component.For<I{cap(a)}Repository>().ImplementedBy<{cap(a)}Repository>().LifestyleTransient());",
            f"public {cap(a)} {g}(int id)\n{{\n    return _context.{cap(a)}s.SingleOrDefault(x => x.Id == id);\n}}",
            f"var {a}s = from x in db.{cap(b)}s where x.IsActive select x;",
            f"using (var scope = container.BeginScope())\n{{\n    var {a} = scope.Resolve<I{cap(a)}Service>();\n}}",
            f"[Test]\npublic void {g}_returns_null_for_unknown_id()\n{{\n    Assert.IsNull(sut.{g}(42));\n}}",
            f"services.AddScoped<I{cap(a)}Service, {cap(a)}Service>();",
            f"public static class {cap(a)}Extensions\n{{\n    public static bool IsEmpty(this {cap(a)} x) => x == null || x.Count == 0;\n}}",
            f"Task(\"Build\").Does(() => MSBuild(\"./src/{cap(a)}.sln\"));",
        ])
    if lang == "java":
        g = func_name("camel")
        return pick([
            f"@Autowired\nprivate {cap(a)}Repository {a}Repository;",
            f"List<{cap(a)}> {a}s = {b}s.stream().filter(x -> x.isActive()).collect(Collectors.toList());",
            f"public Optional<{cap(a)}> {g}(long id) {{\n    return repo.findById(id);\n}}",
            f"@OneToMany(mappedBy = \"{b}\", fetch = FetchType.LAZY)\nprivate Set<{cap(a)}> {a}s;",
            f"implementation 'org.springframework.boot:spring-boot-starter-{pick(['web', 'data-jpa', 'security'])}'",
        ])
    if lang == "php":
        hook = pick(["init", "wp_enqueue_scripts", "save_post", "the_content", "admin_menu", "woocommerce_checkout_fields", "pre_get_posts"])
        return pick([
            f"add_action( '{hook}', '{f}' );\nfunction {f}() {{\n    // ...\n}}",
            f"add_filter( '{hook}', function ( ${a} ) {{\n    return ${a};\n}}, {R.randint(1, 99)} );",
            f"$stmt = $pdo->prepare('SELECT * FROM {a}s WHERE {b}_id = ?');\n$stmt->execute([${b}Id]);",
            f"Route::get('/{a}s/{{id}}', [{cap(a)}Controller::class, 'show']);",
            f"register_post_type( '{a}', array( 'public' => true, 'has_archive' => true ) );",
            "define( 'WP_DEBUG_LOG', true );\ndefine( 'WP_DEBUG_DISPLAY', false );",
            f"RewriteEngine On\nRewriteRule ^{a}/([0-9]+)/?$ index.php?{a}_id=$1 [L,QSA]",
            f"composer require {pick(['guzzlehttp/guzzle', 'monolog/monolog', 'symfony/yaml', 'vlucas/phpdotenv'])}",
            f"$this->hasMany({cap(a)}::class)->where('{b}', true);",
        ])
    if lang == "go":
        g = func_name("camel")
        return pick([
            f"func {g}(ctx context.Context, {a} string) error {{\n    if {a} == \"\" {{\n        return errors.New(\"empty {a}\")\n    }}\n    return nil\n}}",
            f"for {a} := range {b}Ch {{\n    go handle({a})\n}}",
            f"if err != nil {{\n    return fmt.Errorf(\"{g}: %w\", err)\n}}",
            f"fn {func_name()}(&mut self, {a}: &str) -> Result<(), Box<dyn Error>> {{\n    Ok(())\n}}",
            f"let {a}s: Vec<_> = {b}s.iter().filter(|x| x.active).collect();",
            f"[dependencies]\n{pick(['tokio', 'serde', 'clap', 'anyhow', 'reqwest'])} = {{ version = \"1\", features = [\"full\"] }}",
            f"GOOS=linux GOARCH=arm64 go build -o {a} ./cmd/{a}",
            "var mu sync.Mutex\nmu.Lock()\ndefer mu.Unlock()",
        ])
    if lang == "sql":
        return pick([
            f"SELECT {a}_id, count(*) FROM {b}s GROUP BY {a}_id HAVING count(*) > 1;",
            f"CREATE INDEX CONCURRENTLY idx_{b}s_{a} ON {b}s ({a}_id) WHERE deleted_at IS NULL;",
            f"EXPLAIN ANALYZE SELECT * FROM {a}s WHERE {b}_id = 42 ORDER BY created_at DESC LIMIT 20;",
            f"WITH recent AS (\n  SELECT * FROM {a}s WHERE created_at > now() - interval '7 days'\n)\nSELECT count(*) FROM recent;",
            f"ALTER TABLE {a}s ADD COLUMN {b}_id bigint REFERENCES {b}s(id);",
            f"SELECT *, row_number() OVER (PARTITION BY {b}_id ORDER BY created_at) AS n FROM {a}s;",
        ])
    # shell and config
    return pick([
        f"sudo systemctl restart {pick(['nginx', 'postgresql', 'docker', 'myapp', 'gunicorn'])}",
        f"docker compose up -d --build {a}",
        f"location /{a}/ {{\n    proxy_pass http://127.0.0.1:{R.randint(3000, 9000)};\n    proxy_set_header Host $host;\n}}",
        f"ssh -L {R.randint(5000, 9000)}:localhost:5432 deploy@{a}.example.com",
        f"kubectl logs -f deploy/{a} -n {pick(['prod', 'staging', 'default'])}",
        f"{R.randint(0, 59)} {R.randint(0, 23)} * * * /usr/local/bin/backup.sh >> /var/log/backup.log 2>&1",
        f"[Service]\nExecStart=/opt/{a}/bin/{a}\nRestart=on-failure\nUser={a}",
        f"volumes:\n  - ./{a}:/var/lib/{a}\n  - {b}-data:/data",
        f"find /var/log -name '*.gz' -mtime +{R.randint(7, 90)} -delete",
        "git log --oneline --graph --all | head -20",
    ])


def error_message(lang: str) -> str:
    """An error message or stack trace, as pasted from a terminal or a browser console."""
    a, b = ident(), ident()
    if lang == "python":
        exc = pick([
            f"KeyError: '{a}'", f"AttributeError: 'NoneType' object has no attribute '{pick(VERBS)}'",
            f"ModuleNotFoundError: No module named '{pick(MODULES)}'", "RuntimeError: This event loop is already running",
            f"TypeError: {func_name()}() missing 1 required positional argument: '{a}'",
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 12: invalid continuation byte",
            f"sqlalchemy.exc.IntegrityError: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint \"{a}s_pkey\"",
            f"django.db.utils.OperationalError: no such column: {a}s.{b}_id", "RecursionError: maximum recursion depth exceeded",
            f"ValueError: invalid literal for int() with base 10: '{rand_id(3)}'", "ImportError: cannot import name 'soft_unicode' from 'markupsafe'",
        ])
        frames = "".join(
            f'  File "{pick(HOME_DIRS)}{pick(FIRST).lower()}/{pick(["project", "src", "code", "work"])}/{pick(MODULES)}.py", line {R.randint(3, 480)}, in {func_name()}\n    {pick(["return", a + " =", "await", ""])} {func_name()}({b})\n'
            for _ in range(R.randint(1, 4))
        )
        return pick([f"Traceback (most recent call last):\n{frames}{exc}", exc, f"{exc}\n\n(full traceback below)\nTraceback (most recent call last):\n{frames}{exc}"])
    if lang == "js":
        exc = pick([
            f"TypeError: Cannot read properties of undefined (reading '{a}')", f"ReferenceError: {a} is not defined",
            "Uncaught (in promise) SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
            f"Access to fetch at 'https://api.example.com/{a}s' from origin 'http://localhost:3000' has been blocked by CORS policy",
            "Warning: Each child in a list should have a unique \"key\" prop.", f"Module not found: Error: Can't resolve './{cap(a)}'",
            "npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree", "Error: listen EADDRINUSE: address already in use :::3000",
            "TypeError: x.map is not a function", "Hydration failed because the initial UI does not match what was rendered on the server.",
        ])
        frames = "".join(f"\n    at {func_name('camel')} ({pick(MODULES)}.js:{R.randint(1, 300)}:{R.randint(1, 40)})" for _ in range(R.randint(0, 3)))
        return exc + frames
    if lang == "csharp":
        exc = pick([
            "System.NullReferenceException: Object reference not set to an instance of an object.",
            f"Castle.MicroKernel.ComponentNotFoundException: No component for supporting the service I{cap(a)}Service was found",
            "System.InvalidOperationException: Sequence contains no elements",
            "System.IO.FileNotFoundException: Could not load file or assembly 'Newtonsoft.Json, Version=4.5.0.0' or one of its dependencies.",
            f"error CS0246: The type or namespace name '{cap(a)}' could not be found (are you missing a using directive or an assembly reference?)",
            "System.Data.SqlClient.SqlException: Timeout expired.", f"Castle.MicroKernel.Handlers.HandlerException: Can't create component '{cap(a)}Controller' as it has dependencies to be satisfied.",
            "Unhandled Exception: System.ArgumentException: An item with the same key has already been added.",
        ])
        frames = "".join(f"\n   at {cap(pick(MODULES))}.{cap(a)}{pick(['Service', 'Repository', 'Controller'])}.{func_name('pascal')}() in C:\\src\\{cap(a)}\\{cap(b)}.cs:line {R.randint(10, 400)}" for _ in range(R.randint(0, 3)))
        return exc + frames
    if lang == "java":
        exc = pick([
            "Exception in thread \"main\" java.lang.NullPointerException", f"org.hibernate.LazyInitializationException: failed to lazily initialize a collection of role: {a}s",
            "java.lang.OutOfMemoryError: Java heap space", f"org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name '{a}Controller'",
            "java.lang.ClassCastException: class java.lang.String cannot be cast to class java.lang.Integer",
        ])
        frames = "".join(f"\n\tat com.example.{pick(MODULES)}.{cap(a)}{pick(['Service', 'Dao', 'Controller'])}.{func_name('camel')}({cap(a)}.java:{R.randint(10, 300)})" for _ in range(R.randint(1, 3)))
        return exc + frames
    if lang == "php":
        root = pick(["/home/" + pick(FIRST).lower() + "/public_html", "/var/www/html", "/srv/www/" + a, "C:\\xampp\\htdocs\\" + a])
        place = f"{root}/wp-content/{pick(['themes', 'plugins'])}/{pick(PROJECT_A)}{pick(PROJECT_B)}/{pick(['functions', 'index', 'class-' + a, 'includes/' + b])}.php"
        return pick([
            f"Warning: Cannot modify header information - headers already sent by (output started at {place}:{R.randint(1, 300)}) in {root}/wp-includes/pluggable.php on line {R.randint(1000, 1500)}",
            f"Fatal error: Uncaught Error: Call to undefined function {func_name()}() in {place}:{R.randint(2, 400)}\nStack trace:\n#0 {root}/wp-includes/class-wp-hook.php({R.randint(200, 330)}): {func_name()}('')\n#1 {{main}}\n  thrown in {place} on line {R.randint(2, 400)}",
            f"Parse error: syntax error, unexpected '}}' in {place} on line {R.randint(2, 400)}",
            f"Fatal error: Allowed memory size of 134217728 bytes exhausted (tried to allocate {R.randint(20000, 90000)} bytes) in {place} on line {R.randint(2, 900)}",
            f"Notice: Undefined index: {a} in {place} on line {R.randint(2, 400)}",
            "Error establishing a database connection",
            "SQLSTATE[HY000] [2002] Connection refused (SQL: select * from `users` where `email` = ?)",
            f"Target class [App\\Http\\Controllers\\{cap(a)}Controller] does not exist.",
            f"Deprecated: Function create_function() is deprecated in {place} on line {R.randint(2, 400)}",
        ])
    if lang == "go":
        return pick([
            f"panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x{rand_id(6, '0123456789abcdef')}]\n\ngoroutine 1 [running]:\nmain.{func_name('camel')}(...)\n\t/home/{pick(FIRST).lower()}/src/{a}/main.go:{R.randint(10, 200)} +0x{rand_id(2, '0123456789abcdef')}",
            "fatal error: all goroutines are asleep - deadlock!",
            f"./main.go:{R.randint(5, 90)}:{R.randint(2, 30)}: undefined: {a}",
            "go: cannot find main module, but found .git/config",
            f"error[E0502]: cannot borrow `{a}` as mutable because it is also borrowed as immutable\n --> src/main.rs:{R.randint(5, 90)}:{R.randint(2, 30)}",
            f"error[E0382]: borrow of moved value: `{a}`\n --> src/lib.rs:{R.randint(5, 90)}:{R.randint(2, 30)}",
            f"thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:{R.randint(5, 90)}:{R.randint(2, 30)}",
            "error: linker `cc` not found",
            f"WARNING: DATA RACE\nWrite at 0x00c000{rand_id(6, '0123456789abcdef')} by goroutine {R.randint(6, 40)}:",
        ])
    if lang == "sql":
        return pick([
            f"ERROR:  duplicate key value violates unique constraint \"{a}s_{b}_key\"\nDETAIL:  Key ({b})=({R.randint(1, 999)}) already exists.",
            "ERROR 1452 (23000): Cannot add or update a child row: a foreign key constraint fails",
            f"ERROR:  column \"{a}_id\" does not exist\nLINE 1: SELECT {a}_id FROM {b}s", "ERROR:  deadlock detected",
            "sqlite3.OperationalError: database is locked", f"ERROR:  relation \"{a}s\" does not exist",
        ])
    return pick([
        "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)",
        f"Job for {a}.service failed because the control process exited with error code.\nSee \"systemctl status {a}.service\" and \"journalctl -xe\" for details.",
        "Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock",
        f"Error response from daemon: driver failed programming external connectivity on endpoint {a}",
        "Permission denied (publickey).", f"E: Unable to locate package {a}", "curl: (60) SSL certificate problem: unable to get local issuer certificate",
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
        "fatal: refusing to merge unrelated histories", f"{a}-{rand_id(5)}   0/1   CrashLoopBackOff   {R.randint(3, 40)}   {R.randint(2, 59)}m",
    ])


def inline_code(lang: str) -> str:
    return pick({
        "python": ["`pip install -e .`", "`__init__.py`", "`asyncio.run()`", "`if __name__ == \"__main__\":`", "`self`", "`None`", "`**kwargs`", "`python -m venv .venv`"],
        "js": ["`npm ci`", "`useState`", "`===`", "`key`", "`async`", "`this`", "`package-lock.json`", "`defer`"],
        "csharp": ["`IDisposable`", "`.ToList()`", "`var`", "`async void`", "`ResolveAll`", "`app.config`", "`[Test]`", "`null`"],
        "java": ["`@Transactional`", "`Optional.empty()`", "`mvn clean install`", "`final`", "`equals()`"],
        "sql": ["`NOT NULL`", "`LEFT JOIN`", "`VACUUM`", "`COALESCE`", "`ON CONFLICT DO NOTHING`"],
        "shell": ["`sudo`", "`chmod 600`", "`--restart unless-stopped`", "`/etc/hosts`", "`ulimit -n`", "`set -e`"],
        "php": ["`add_action`", "`wp_enqueue_script()`", "`composer install`", "`php artisan migrate`", "`$wpdb->prepare()`", "`<?php`", "`ob_start()`"],
        "go": ["`go mod tidy`", "`defer`", "`cargo build --release`", "`&mut self`", "`context.Context`", "`go test -race ./...`", "`.unwrap()`"],
    }[lang])


def fence(code: str) -> str:
    style = R.random()
    if style < 0.35:
        return code
    if style < 0.6:
        return f"```\n{code}\n```"
    if style < 0.75:
        return f"<pre>{code}</pre>" if chance(0.5) else f"<code>{code}</code>"
    if style < 0.85:
        return "\n".join("    " + line for line in code.split("\n"))
    if style < 0.93:
        return f"[code]\n{code}\n[/code]"
    # WordPress.com's shortcode and the <pre lang> of old syntax-highlighting plugins
    lang = pick(["csharp", "python", "php", "js", "bash", "sql", "xml", "java"])
    return f"[sourcecode language=\"{lang}\"]\n{code}\n[/sourcecode]" if chance(0.5) else f"<pre lang=\"{lang}\">{code}</pre>"


# ------------------------------------------------------------------------------------------------
# Ham: what real readers write under a post

def term(post: Post) -> str:
    return pick(post.site.terms)


WHO = ["I", "I", "I", "We", "My colleague", "My wife", "My husband", "A friend of mine", "My boss", "Our team", "My dad", "My neighbour",
       "The guy at the shop", "My teacher", "Half my team", "My flatmate", "Someone on the forum", "Our admin", "My kids"]
DID = ["tried", "used", "switched to", "gave up on", "went back to", "fought with", "read about", "played with", "looked into",
       "spent a weekend on", "finally got round to", "ran into trouble with", "had a go at", "followed the steps for", "struggled with"]
WHEN = ["last week", "yesterday", "in 2019", "a few years ago", "on a client project", "at work", "over the holidays", "this morning",
        "back in university", "last summer", "after reading your older post", "on my old laptop", "twice now", "for about a month"]
THEN = ["and it worked fine", "but it was a mess", "and never looked back", "and hit exactly the wall you describe", "and I still don't get it",
        "and it took ages", "and it was much easier than I thought", "but had to go back to the old way", "and it did the job",
        "with mixed results", "and honestly I didn't follow half of it", "and it saved us a lot of time", "and everything broke, as usual",
        "but the second attempt went better", "and the results were surprisingly good", "and I'm not sure it was worth it"]
ASIDE = [
    "I don't follow the argument in the middle section though.", "Maybe I'm missing something obvious.", "Not sure if that helps anyone.",
    "Your mileage may vary, of course.", "I could be wrong about this.", "Just my experience.", "To be fair, I was tired.",
    "Go to the settings page and it's the second option.", "Click on the gear icon and it's right there.", "Check out the comments above, someone had the same idea.",
    "It is what it is.", "Anyway.", "Long story short, it works now.", "Either way, thanks.", "Sorry for my bad English.", "I'll report back.",
    "I've been following this blog since the start.", "Follow the steps exactly and it works.", "The second half is the interesting bit.",
    "It reminded me of something I read years ago.", "Funny how these things go.", "Nobody tells you this part.", "Learned something today.",
    "I'll try to explain better when I'm at my desk.", "Typing this on my phone, excuse typos.", "Not an expert, just a hobbyist.",
    "That's the theory anyway.", "The devil is in the details.", "Obviously it depends on the situation.", "Maybe it's a regional thing.",
    "I still think the basic idea is sound.", "Would be curious what others think.", "Happy to share more details if anyone wants.",
    "Hope this helps somebody.", "Cheers for writing it up.", "Keep up the good work.", "I vote for a follow-up post.",
    "If you want the full log, mail me at {e}.", "Happy to send you the file, I'm at {e}.", "Any invites left? I'm {e}.",
    "You can reach me at {e} if you want to compare notes.", "(my address is {e}, in case you need a tester)",
]
OPINION = ["the part about {t} is spot on", "{t} is overrated if you ask me", "I'd never thought about {t} that way",
           "you're underselling {t}", "{t} is where most people go wrong", "the {t} bit needs a caveat", "{t} made all the difference for us",
           "I'd skip {t} entirely", "{t} is cheaper than people think", "I don't agree about {t}", "{t} deserves its own post"]


def reader_sentence(post: Post) -> str:
    """One sentence of the kind readers add around their point, assembled from independent slots."""
    style = R.random()
    if style < 0.4:
        what = pick([post.subject, term(post), f"{term(post)} and {term(post)}", f"the {pick(['same', 'other', 'old', 'new'])} approach"])
        return f"{pick(WHO)} {pick(DID)} {what} {pick(WHEN)} {pick(THEN)}."
    if style < 0.75:
        return pick(ASIDE).replace("{e}", ham_email(person()) if chance(0.7) else f"{pick(FIRST).lower()} [at] {pick(['gmail', 'web', 'gmx'])} [dot] {pick(['com', 'de', 'net'])}")
    return cap(fill(pick(OPINION), post)) + pick([".", ".", "!", ", IMO.", " in my experience."])


def ramble(text: str, post: Post, lead: bool = True) -> str:
    """Surround a comment with the asides real readers add, sometimes as separate paragraphs.

    With ``lead=False`` the comment keeps its first words (an "@name" reply stays a reply).
    """
    extra = [reader_sentence(post) for _ in range(R.randint(1, 5))]
    if chance(0.35):
        extra.append(pick(["More here:", "See", "Details:", "Link:", "This helped me:", "Related:", "(", "Also relevant:"]) + " " + ham_link(post) + maybe(0.1, ")"))
    before = extra[: R.randint(0, len(extra))] if lead else []
    after = extra[len(before):]
    sep = "\n\n" if chance(0.3) else " "
    return sep.join(p for p in [" ".join(before), text, " ".join(after)] if p)


def ham_thanks(post: Post) -> str:
    text = pick([
        "Thanks!", "Thank you", "Thanks a lot", "Good article", "Good article.", "Great post", "Nice post!", "Great read.",
        "Very helpful, thanks", "This helped, thanks", "Exactly what I needed", "Bookmarked.", "Nice one", "Cool, thanks",
        "thx", "ty!", "Cheers", "Nice write-up", "Well written", "Useful, thanks", "Good stuff", "Spot on", "Agreed.",
        "Interesting read", "Clear and to the point", "Saved me a lot of time", "Works for me", "+1", "This.", "Love it",
        "Great tips", "Lovely", "Beautiful photos", "Yum!", "Mmm", "Nice", "wow", "Fascinating", "Well said.", "So true",
        "Danke!", "Danke für den Artikel", "Merci !", "Merci beaucoup", "¡Gracias!", "Grazie", "Bedankt!", "Obrigado",
        "Thank you for sharing this", "Thanks for the writeup", "Thanks, fixed my problem", "Solved it, thank you",
        "Perfect, thank you", "Brilliant", "Excellent explanation", "Very clear", "Much appreciated", "Keep it up!",
        "Ta!", "Thanks mate", "Works now.", "Fixed it, thanks", "Nice trick", "Neat.", "TIL", "Huh, didn't know that", "Bookmarked, thx",
        "Same.", "Exactly!", "Ha!", "👍", "🙏", "Thanks 🙂", "Danke dir!", "Super, danke", "Top!", "Gracias!!", "Díky!", "Dzięki!", "Tack!",
        "Kiitos!", "Merci, ça marche", "Grazie mille", "thanks!!!", "Good one", "Handy", "Solid.", "Nice work.", "Clever.", "Thx, worked",
        # Readers "like" things too, not only the spammers who beg for likes.
        "I like it", "Like it!", "I like this", "Nice. I like it.", "I like the new layout", "I like how simple this is", "I really like this one",
        "Liked it", "I like your style", "like it a lot", "I like the second version better",
    ])
    if chance(0.4):
        # Readers thank with the very phrases that open spam ("exactly what I was looking for");
        # with nothing after them, they are thanks.
        text = join(text if chance(0.5) else pick(["", "", "Thanks!", "Thank you.", "Thx,", "Cheers,", "Great,", "Wow,", "Ah,", "Perfect!"]), cap(pick([
            "that's {ex}what I was {look}", "{ex}what I was {look}", "just what I {need}", "that did the trick", "this {fix} my problem",
            "been {look} this for {ages}", "couldn't find this anywhere else", "works like a charm", "you saved my {day}", "I was stuck on this for {ages}",
            "thanks for {the_news}", "{the_link} {did_it}", "finally it works", "thanks for {taking}", "thank you for {taking}",
            "this should be in the official docs", "the {t} part {fix} it for me",
        ]).replace("{ex}", pick(["exactly ", "", "just ", "precisely "])).replace("{look}", pick(["looking for", "hunting around for", "after", "trying to find"])).replace(
            "{need}", pick(["needed", "was after", "needed today"])).replace("{fix}", pick(["solved", "fixed", "sorted"])).replace(
            "{ages}", pick(["hours", "ages", "two days", "a week", "the whole afternoon"])).replace("{day}", pick(["day", "weekend", "evening", "bacon"])).replace(
            "{the_news}", pick(["the heads-up", "the update", "the pointer", "the quick fix", "the reply", "the follow-up", "explaining it twice"])).replace(
            "{the_link}", pick(["the video", "the repo", "your script", "the second link", "the example", "the screenshot", "the diagram", "the table"])).replace(
            "{did_it}", pick(["did it", "cleared it up", "made it click", "was the missing piece", "helped more than the docs"])).replace(
            "{taking}", pick(["writing this up", "the explanation", "the tip", "sharing your config", "the detailed answer", "taking the time",
                              "the recipe", "the photos", "the honest review", "the clear steps", "answering so quickly", "the update on {t}"])).replace(
            "{t}", term(post))) + pick([".", "!", "", " :)", "!!"]))
    elif chance(0.35):
        text = join(text, pick([
            f"The {term(post)} part was what I was missing.", "Worked first time.", "Sharing with my team.",
            f"Finally {post.subject} makes sense.", "Looking forward to part two.", f"Trying {post.subject} this weekend.",
            "Subscribed.", "Printed it out.", "Sent it to my brother.", "Works on my machine now :)",
            f"Great {pick(['pictures', 'examples', 'explanation', 'writing'])}.", "Wish I'd found this a week ago.",
        ]))
    if chance(0.15):
        text = shared_praise() if chance(0.5) else join(shared_praise(), text)
    if chance(0.1):
        text = join(text, pick(FIRST) if chance(0.5) else "-" + pick(FIRST))
    return noise(text, 0.5)


def shared_praise() -> str:
    """The praise spammers open with is also how readers thank: "Very informative article!" on its own is a reader."""
    adjective = pick(["informative", "helpful", "useful", "interesting", "clear", "well explained", "well written", "detailed", "practical"])
    degree = pick(["Very", "Really", "Super", "Quite", "Extremely", "Such a", "A very", "Most", ""])
    if degree == "Such a" and adjective[0] in "aeiou":
        degree = "Such an"
    noun = pick(["article", "post", "write-up", "guide", "read", "tutorial", "piece", "overview", "explanation", "summary"])
    ending = pick(["!", ".", ", thanks.", ", thank you!", ", thanks for sharing.", "", " :)", ", cheers.", ", much appreciated."])
    return cap(join(degree, adjective, noun) + ending)


def ham_praise(post: Post) -> str:
    opener = shared_praise() if chance(0.35) else pick([
        "Great article.", "Really enjoyed this.", "This is the clearest explanation of {s} I've read.", "What a useful post.",
        "I've read a dozen posts on {s} and this is the first one that clicked.", "Thanks for taking the time to write this up.",
        "Beautifully written.", "Excellent write-up.", "Loved this one.", "Very well explained.", "This made my day.",
        "Your posts on {s} are always worth reading.", "Finally someone explains {s} without hand-waving.",
        "Fantastic post.", "Really solid overview.", "I learned something new today.",
    ])
    middle = pick([
        "The bit about {t} especially.", "The section on {t} answered a question I had for months.",
        "I especially liked how you handled {t}.", "The photos are lovely too.", "The examples are what make it.",
        "I had always done {t} the other way and never knew why it broke.", "The comparison table is really handy.",
        "I tried it with {t} and it worked straight away.", "My partner and I talked about it over dinner.",
        "It's rare to see {s} explained with real numbers.", "", "",
    ])
    close = pick([
        "Keep it up!", "Bookmarked for later.", "Looking forward to the next one.", "Shared it with a friend.",
        "Thanks again.", "Cheers.", "Please write more about {t}.", "Would love a follow-up on {t}.", "", "", "",
    ])
    parts = [fill(x, post) for x in (opener, middle, close)]
    if chance(0.3):
        R.shuffle(parts)
    return noise(sentences(*parts), 0.3)


def ham_question(post: Post) -> str:
    q = fill(pick(post.site.questions), post)
    context = pick([
        "I followed everything up to step {n}", "I'm quite new to {s}", "we tried this last week", "I've read the post twice",
        "my setup is a bit different", "I'm in a small flat with no garden", "I'm on a tight budget",
        "the instructions in the manual are no help", "I have {t} already", "I'm doing this for a school project", "", "", "",
    ]).replace("{n}", str(R.randint(2, 7)))
    opener = pick(["Quick question:", "Hi,", "Hello!", "Question:", "Sorry if this is a dumb question, but", "Hey,",
                   f"Found your blog while {pick(['looking', 'searching'])} for {pick([post.subject, term(post)])}.",
                   f"I was {pick(['looking for', 'trying to find'])} a way to do this with {term(post)} and ended up here.",
                   f"Came here from a search for {pick([post.subject, term(post)])}.",
                   f"Hi {pick(FIRST)},", "Great post.", "Thanks for this.", "", "", ""])
    closing = pick(["Thanks!", "Thanks in advance.", "Any help appreciated.", "Cheers.", "TIA", "Would love to know.", "", ""])
    text = join(opener, sentences(fill(context, post)) if context else "", cap(q), closing)
    if chance(0.15):
        text = join(text, pick(["Edit: never mind, found it.", "EDIT: nevermind, I had a typo.", "(asking for a friend)", "P.S. love the blog"]))
    return noise(text, 0.45)


def ham_stack_trace(post: Post) -> str:
    lang = post.site.tech or "python"
    before = pick([
        "I followed the steps but when I run it I get this:", "Getting this error on the last step:",
        "Doesn't work for me:", "Hi, after upgrading I see:", f"I tried this with {term(post)} and got",
        "Any idea what this means?", "Same here, exact error:", "This fails on my machine with", "Help! I keep getting",
        f"Hi {pick(FIRST)}, great post. Unfortunately I get an exception:", "Following your example I get the following:",
        "no luck, still", "it compiles but at runtime:",
    ])
    after = pick([
        "Any idea?", "What am I doing wrong?", "I'm on Windows 10 if that matters.", f"Using {term(post)} on Ubuntu 22.04.",
        "Tried clearing the cache, didn't help.", "Works on my laptop but not on the server.", "Thanks for any pointers.",
        "Am I missing a step?", "Is this a version thing?", "", "", "",
    ])
    text = join(before, "\n" + fence(error_message(lang)) + "\n", after)
    if chance(0.25):
        text = join(text, "\n\nEDIT: " + pick([
            "solved it, I had an old version installed.", "fixed, the config file was in the wrong folder.",
            f"turns out {term(post)} was the problem.", "never mind, typo on my side. Sorry for the noise!",
        ]))
    return noise(text, 0.25)


def ham_code(post: Post) -> str:
    lang = post.site.tech or "python"
    before = pick([
        "You can shorten this a bit:", "Nice post. A slightly simpler version:", "FWIW this is what I ended up with:",
        f"If anyone needs it with {term(post)}, this works:", "Alternative that avoids the extra step:",
        "You don't need the loop, just do", "I'd write it like this instead:", "Small improvement:",
        "This is how we do it at work:", "One thing to watch out for, you need", "Here's my version:",
        f"To make it work with {term(post)} I had to add", "or simply", "Hmm, why not",
    ])
    after = pick([
        "Same result, less code.", "Works on 3.11 at least.", "Not sure it's faster, but it reads better.",
        f"This also avoids the problem with {term(post)}.", "Hope it helps someone.", "Untested, but should be close.",
        "Just my 2 cents.", f"Don't forget {inline_code(lang)} or it silently does nothing.", "", "", "",
    ])
    code = code_snippet(lang)
    if chance(0.3):
        code = code + "\n" + code_snippet(lang)
    if chance(0.25):
        text = join(before.rstrip(":"), inline_code(lang), "-", after)
    else:
        text = join(before, "\n" + fence(code) + "\n", after)
    return noise(text, 0.2)


def ham_doc_link(post: Post) -> str:
    text = pick([
        "The official docs cover this too: {u}", "There's an open issue about exactly this: {u}", "Relevant: {u}",
        "See also {u}", "For reference, the spec: {u}", "This was fixed upstream, see {u}", "Background reading: {u}",
        "There's a good answer on this here {u} which explains why", "More details in the manual: {u}",
        "The original source for the figure is here: {u}", "Here's the report the article refers to: {u}",
        "I think this is the study you mean: {u}", "The council published the full plan: {u}", "Map of the route: {u}",
        "The recipe I adapted is this one: {u}", "FYI the link in the third paragraph is dead, the new one is {u}",
        "Someone filed a bug: {u} - worth adding a +1 there", "This changed in the latest version, changelog: {u}",
    ]).replace("{u}", ham_link(post))
    if chance(0.5):
        text = join(pick(["", "Nice post.", "Thanks.", "Good summary.", "Hi,", f"@{pick(FIRST)}", ""]), text,
                    pick(["", "", "HTH.", "Cheers.", f"The section on {term(post)} is what you want.", "Took me ages to find it."]))
    return noise(text, 0.25)


def ham_own_post(post: Post, url: str) -> str:
    link = own_post_link(url, post)
    text = pick([
        "I wrote up my own experience with {s} a while ago, in case it's useful: {u}",
        "I had the same problem and blogged the fix here: {u}", "My notes on {t}, which complement this nicely: {u}",
        "Shameless plug, but I put together a small repo that does this: {u}", "I tried to answer the same question here {u}, I came to a different conclusion about {t}.",
        "I made a tiny tool for this, MIT licensed: {u}", "Our version of {s}, with photos: {u}",
        "Wrote a follow-up on my blog with benchmarks: {u} - happy to hear corrections.",
        "If anyone wants the spreadsheet I used, it's here: {u}", "I translated this post into German with permission: {u}",
        "Here's what my {t} looked like after a week {u}", "I documented our setup at {u}, mostly the same as yours except {t}.",
        "Nice post. I also wrote about {s} on my blog, check it out if you like: {u}", "I covered {t} on my blog last year: {u}",
        "My take on {s}, with the mistakes I made along the way: {u} - feedback welcome.", "Check out my write-up on {t} too: {u}",
        "If it helps, my blog post on {s} has the full config: {u}", "Visit my blog for the photos from the same trip: {u}",
    ]).replace("{u}", link)
    return noise(fill(text, post), 0.2)


def ham_correction(post: Post) -> str:
    text = join(
        pick(["Small correction:", "Minor nitpick:", "Just a heads up,", "Typo:", "I think there's a mistake:", "FYI", "Careful,",
              "Hate to be that person, but", "One thing:", "Erratum:", "Not quite right:"]),
        pick([
            "the second link is broken.", "the code in step {n} is missing a closing bracket.", "it's 'its', not 'it's', in the third paragraph.",
            "the oven temperature says 180 F, I think you mean 180 C.", "the numbers in the table don't add up to the total.",
            "{t} was introduced in version {n}.{m}, not {n}.{k}.", "the meeting is on Thursday, not Wednesday.",
            "that quote is usually attributed to someone else.", "the function returns None on failure, not an empty list.",
            "the figure is for the whole region, not the city.", "the photo captions are swapped.", "you mixed up {t} and {s} in the summary.",
            "the method name changed in the latest release.", "the ferry doesn't run in winter any more.", "cups and grams don't match for the flour.",
            "the bill passed the lower house only, it hasn't been signed.", "the price went up to ${p} last month.",
        ]).replace("{n}", str(R.randint(2, 9))).replace("{m}", str(R.randint(0, 9))).replace("{k}", str(R.randint(0, 9))).replace("{p}", str(R.randint(20, 900))),
        pick(["Otherwise great post.", "Thanks for the article though.", "Still very useful.", "Great work otherwise!", "", ""]),
    )
    return noise(fill(text, post), 0.25)


def ham_disagree(post: Post) -> str:
    parts = [
        pick(["I have to disagree.", "Honestly, I think you're wrong about {s}.", "This misses the point.", "I couldn't disagree more.",
              "Sorry but this is nonsense.", "With respect, the numbers don't support this.", "I read this twice and I still don't buy it.",
              "Strongly disagree on {t}.", "Bad advice.", "No. Just no.", "This is simply wrong.", "Meh.", "Not convinced."]),
        pick(["You compare two completely different situations and call it a trend.", "{T} doesn't work like that at all.",
              "Anyone who has actually done {s} knows it's not that simple.", "You ignore {t} completely.",
              "The same argument was made ten years ago and it turned out to be wrong.", "Correlation is not causation.",
              "It's easy to say that when you don't have to pay for it.", "This only works if you have money and time to spare.",
              "Your benchmark is flawed, the cache was warm in one case and cold in the other.", "Half of the steps are unnecessary.",
              "The people most affected were never asked.", "You're blaming {t} for something it never promised."]),
        pick(["I'm not saying the alternative is perfect, but this would make it worse.", "Happy to be proven wrong, but show the data.",
              "Frankly it reads like an advert.", "I used to agree with you, but after years of {s} I changed my mind.",
              "Do better.", "Disappointed, your older posts were better.", "Please stop spreading this.", "", ""]),
    ]
    text = sentences(*[fill(p.replace("{T}", cap(term(post))), post) for p in parts])
    if chance(0.3):
        text += "\n\n" + pick([
            "I have done {s} for fifteen years and every time someone follows advice like this I end up fixing it.",
            "Look at what happened when others tried this. Some of it worked, most of it didn't, and the difference was almost always money.",
            "My experience is the opposite: {t} was the only thing that actually helped, and it cost nothing.",
        ]).replace("{s}", post.subject).replace("{t}", term(post))
    return noise(text, 0.3)


def ham_rant(post: Post) -> str:
    text = join(
        pick(["Typical.", "Unbelievable.", "Here we go again.", "Of course.", "Wake up people.", "This is a disgrace.", "Absolutely shameful.", ""]),
        pick([
            "Both parties have promised to fix {s} for decades and nothing ever changes.", "The mayor should resign over {s}, full stop.",
            "Taxes are not the problem, spending is.", "This is exactly why we need proportional representation.",
            "People keep voting against their own interests and then complain about {t}.", "Healthcare should be a right, not a privilege.",
            "The council can't even fix the potholes and now they want to run {s}?", "Every election they find money for this and then it disappears.",
            "Nobody asked the people who actually live here.", "Follow the money and you'll see who benefits from {s}.",
            "The media won't report this because it doesn't fit their story.", "Politicians on both sides are cowards on {s}.",
            "My rent went up 30% and they're talking about {t}.", "I've paid taxes for 40 years and this is what we get.",
            "Keep religion out of it.", "Freedom of speech includes speech you don't like.",
        ]),
        maybe(0.6, pick(["Vote them out.", "Change my mind.", "Write to your representative.", "History will judge this.",
                         "I'm tired of pretending otherwise.", "Just my two cents.", "Shameful.", "Enough is enough!", "WAKE UP."])),
    )
    return noise(fill(text, post), 0.35)


def ham_anecdote(post: Post) -> str:
    story = fill(pick(post.site.stories), post)
    bridge = pick([
        "and {t} was the hardest part.", "and nobody warned me about {t}.", "and your post would have saved me a lot of grief.",
        "so this brought back memories.", "and it took ages to figure out what was wrong.", "and I still laugh about it.",
        "and what finally worked was almost exactly your approach.", "and honestly it changed how I think about {s}.",
    ])
    after = pick([
        "Anyway, thanks for writing this.", "Glad to see I'm not the only one.", "Good luck to anyone starting out.",
        "Wish I'd read this back then.", "Sorry for the long comment!", "Thanks for the memories.", "", "",
    ])
    text = join(end(cap(story), [","]).rstrip(",") + ",", fill(bridge, post), after)
    if chance(0.25):
        text = join(pick(["Funny story:", "Story time.", "Ha, this reminds me:", "True story:"]), text)
    return noise(text, 0.3)


def ham_substitution(post: Post) -> str:
    site = post.site if post.site.name in ("cooking", "baking") else SITE_BY_NAME[pick(["cooking", "baking"])]
    swaps = ["oat milk", "Greek yogurt", "coconut oil", "honey", "maple syrup", "spelt flour", "gluten-free flour", "tofu",
             "chickpeas", "smoked paprika", "shallots", "margarine", "applesauce", "a flax egg", "sour cream", "leeks", "brown rice"]
    a, b = pick(site.terms), pick(swaps)
    text = pick([
        f"Can I use {b} instead of {a}?", f"I didn't have {a} so I used {b}. Worked fine, maybe a bit {pick(['sweeter', 'denser', 'softer', 'drier', 'richer'])}.",
        f"Has anyone tried it with {b}? My son is allergic to {pick(['eggs', 'dairy', 'nuts', 'gluten'])}.",
        f"Made it with {b} instead of {a} and nobody noticed.", f"Would {b} work in place of {a}, or will it ruin the texture?",
        f"I swapped half the {a} for {b}, next time I'll do all of it.", f"What's the ratio if I use {b}? {R.randint(1, 3)}:1?",
        f"We can't get {a} here, is {b} close enough?",
    ])
    return noise(join(text, maybe(0.3, pick(["Thanks!", "Turned out great.", "Will report back.", f"Baked at {R.choice([160, 175, 180, 200, 220])}C for {R.randint(20, 60)} min."]))), 0.35)


def ham_tip(post: Post) -> str:
    tip = fill(pick(post.site.tips), post)
    text = join(
        pick(["Tip for others:", "One thing I'd add:", "Pro tip:", "Also,", "From experience:", "Don't forget:", "My two cents:", ""]),
        end(cap(tip)),
        pick(["Learned that the hard way.", f"Especially with {term(post)}.", "Saved me a lot of trouble.", "", "",
              f"We paid {pick(['$', '€', '£'])}{R.randint(5, 400)} for that lesson.", f"Took me {R.randint(2, 10)} tries."]),
    )
    return noise(text, 0.3)


def ham_reply(post: Post) -> str:
    who = pick(FIRST)
    text = join(
        pick([f"@{who}", f"@{who.lower()}", f"{who}:", f"{who},", f"Reply to {who}:", f"@{who} -", f"To {who}:", f"@{pick(HANDLE_A)}{pick(HANDLE_B)}"]),
        pick([
            "I had the same problem, restarting fixed it.", "you need {t} for that, it's in the second step.",
            "that's not what the post says at all.", "agreed, though I'd add {t}.", "source?", "same here!", "thanks, that worked for me too.",
            "I think you misread, the author says the opposite.", "try clearing the cache, it fixed it for me.", "lol exactly",
            "it's in the comments above, scroll up.", "no, that was fixed in the newer version.", "calm down, it's a blog post.",
            "we tried {t} too, didn't help.", "I'm in the same boat with {s}.", "check the link in the article, it's explained there.",
            "what version are you on?", "that's a really good point about {t}.", "you're right, I stand corrected.",
            "did you ever get this working?", "same error here, any luck?", "works with {t} if you change the order.",
        ]) if chance(0.6) else pick([
            lambda: end(fill(pick(post.site.tips), post)), lambda: "same question here: " + fill(pick(post.site.questions), post),
            lambda: end(fill(pick(post.site.stories), post)) + " " + pick(["So I know the feeling.", "It gets better.", "Hang in there.", ""]),
            lambda: f"{pick(['I think', 'pretty sure', 'afaik', 'if I remember right,'])} {fill(pick(OPINION), post)}.",
        ])(),
    )
    return noise(fill(text, post), 0.4)


def ham_author_reply(post: Post) -> str:
    text = join(
        pick([f"Hi {pick(FIRST)},", f"@{pick(FIRST)}", "Thanks!", "Good catch,", "Sorry for the late reply,", "Thanks for the comment.",
              "Fair point.", "Hi,", "Glad it helped!", "Hmm,", "Thanks for reading!"]),
        pick([
            "fixed the typo, thanks.", "I updated the post.", "you need to run the setup step first, I'll make that clearer.",
            "those files aren't in the repository on purpose, the build script generates them.", "I haven't tried it with {t}, let me know how it goes.",
            "that's a good question, I'll cover it in the next post.", "you're right, I've added a note about {t}.",
            "I used {t}, but any will do.", "it should work on older versions too, but I haven't tested it.",
            "I was on vacation, so sorry for the delay.", "can you send me the full error by mail? Then I'll have a look.",
            "yes, it freezes fine for about three months.", "we went in May, and it was not crowded at all.",
            "the code is on GitHub now, link at the top of the post.", "I disagree, but thanks for taking the time to write this.",
        ]) if chance(0.6) else pick([
            lambda: f"good question. {cap(end(fill(pick(post.site.tips), post)))}",
            lambda: f"I {pick(['used', 'tried', 'went with', 'stuck with'])} {term(post)}{pick([' in the end', ' this time', '', ' after a lot of testing'])}; {fill(pick(OPINION), post)}.",
            lambda: f"I'll write a follow-up about {term(post)} {pick(['next week', 'soon', 'when I find the time', 'after the holidays'])}.",
            lambda: f"you're right about {term(post)}, I {pick(['fixed', 'updated', 'rewrote', 'clarified'])} that {pick(['section', 'paragraph', 'step', 'example'])}.",
        ])(),
        maybe(0.4, pick(["Cheers!", "Thanks again.", "Best,", "-" + pick(FIRST), "Glad you liked it."])),
    )
    return noise(fill(text, post), 0.25)


NON_ENGLISH = {
    "de": {
        "link": ["Siehe auch:", "Hier gibt es mehr dazu:", "Schau mal hier:", "z.B.", "Das hat mir geholfen:", "Quelle:"],
        "open": ["Hallo,", "Hi,", "Servus!", "Moin,", "Guten Tag,", "Hey", ""],
        "praise": ["toller Artikel!", "super erklärt, danke.", "sehr hilfreich, vielen Dank!", "genau das habe ich gesucht.", "schöner Beitrag.", "danke für die Mühe!"],
        "body": ["bei mir funktioniert das mit {t} leider nicht.", "ich hatte genau das gleiche Problem mit {s}.", "gibt es das auch auf Deutsch?",
                 "kannst du mehr zu {t} schreiben?", "ich habe es gestern ausprobiert und es hat auf Anhieb geklappt.",
                 "das sehe ich ehrlich gesagt anders.", "wir haben das letztes Jahr auch versucht, war aber ziemlich mühsam.",
                 "der Link im zweiten Absatz geht nicht mehr.", "welche Version hast du verwendet?", "ich bereue es schon wieder, aber egal :)",
                 "mein Bruder meint, {t} sei der eigentliche Fehler.", "wie lange hat das bei dir gedauert?",
                 "ich hab mich auch schon stundenlang mit {t} geärgert.", "bei uns in der Firma machen wir das ganz anders, aber es funktioniert auch.",
                 "kleiner Hinweis: im Code fehlt ein Semikolon.", "seit dem Update auf die neue Version geht bei mir gar nichts mehr.",
                 "wir waren letzten Sommer dort und es war wunderschön.", "das Rezept ist super, ich hab aber weniger Zucker genommen.",
                 "schade, dass du nicht mehr so oft schreibst.", "am Samstag bin ich leider nicht da, aber nächstes Mal gerne.",
                 "hast du das auch unter Windows getestet?", "kannst du den ganzen Quellcode irgendwo hochladen?", "ich glaube, da hast du dich verrechnet.",
                 "genau deswegen habe ich damals aufgehört, mit {s} zu arbeiten.", "meine Mutter macht das seit Jahren so, ohne irgendein Problem."],
        "close": ["Grüße", "LG", "Viele Grüße aus Graz", "Danke!", "Bis bald", "mfg", ":-)", ""],
    },
    "fr": {
        "link": ["Voir aussi :", "Plus d'infos ici :", "Ça m'a aidé :", "Source :"],
        "open": ["Bonjour,", "Salut,", "Coucou", "Merci pour cet article.", ""],
        "praise": ["très bon article !", "super clair, merci.", "excellent, comme d'habitude.", "c'est exactement ce qu'il me fallait."],
        "body": ["chez moi ça ne marche pas avec {t}.", "j'ai eu le même souci avec {s}.", "est-ce que ça marche aussi sous Windows ?",
                 "tu pourrais détailler la partie sur {t} ?", "je l'ai testé hier soir, ça marche très bien.", "je ne suis pas du tout d'accord.",
                 "le lien vers la documentation est cassé.", "on a fait la même chose l'été dernier, c'était génial.",
                 "j'ai mis moins de sucre et c'était parfait.", "depuis la mise à jour, plus rien ne fonctionne chez moi.",
                 "il manque une étape entre la deux et la trois, non ?", "je ne savais pas que {t} pouvait poser autant de problèmes.",
                 "merci, ça fait des semaines que je cherche une explication aussi claire.", "petite coquille dans le deuxième paragraphe."],
        "close": ["Merci !", "Bonne journée", "A+", "Cordialement", ""],
    },
    "es": {
        "link": ["Ver también:", "Más información aquí:", "A mí me ayudó esto:", "Fuente:"],
        "open": ["Hola,", "Buenas,", "Hola a todos,", "Muchas gracias por el artículo.", ""],
        "praise": ["excelente artículo.", "muy bien explicado, gracias.", "justo lo que buscaba.", "me ha servido mucho."],
        "body": ["a mí no me funciona con {t}.", "tuve el mismo problema con {s}.", "¿sirve también para Mac?",
                 "¿podrías explicar un poco más lo de {t}?", "lo probé ayer y funcionó a la primera.", "no estoy de acuerdo para nada.",
                 "el enlace del segundo párrafo no funciona.", "fuimos el año pasado y nos encantó.",
                 "yo lo hice con menos azúcar y quedó perfecto.", "desde la actualización ya no me funciona nada.",
                 "creo que falta un paso entre el dos y el tres.", "llevo semanas peleándome con {t}.", "mi abuela lo hacía igual, qué recuerdos."],
        "close": ["¡Gracias!", "Saludos", "Un abrazo", "Saludos desde Madrid", ""],
    },
    "it": {
        "link": ["Vedi anche:", "Qui c'è di più:", "Fonte:"],
        "open": ["Ciao,", "Salve,", "Buongiorno,", ""],
        "praise": ["ottimo articolo!", "spiegato benissimo, grazie.", "molto utile."],
        "body": ["a me non funziona con {t}.", "ho avuto lo stesso problema con {s}.", "funziona anche su Linux?", "l'ho provato ieri e va benissimo.",
                 "non sono d'accordo.", "potresti scrivere di più su {t}?", "dopo l'aggiornamento non funziona più niente.",
                 "io ho usato meno zucchero ed è venuta benissimo.", "manca un passaggio tra il punto due e il tre.", "ci siamo stati l'estate scorsa, bellissimo."],
        "close": ["Grazie!", "Saluti", "Ciao", ""],
    },
    "nl": {
        "link": ["Zie ook:", "Meer info hier:", "Bron:"],
        "open": ["Hoi,", "Hallo,", "Dag,", ""],
        "praise": ["mooi artikel!", "heel duidelijk, bedankt.", "precies wat ik zocht."],
        "body": ["bij mij werkt het niet met {t}.", "ik had hetzelfde probleem met {s}.", "werkt dit ook op Windows?", "gisteren geprobeerd en het werkt prima.",
                 "ik ben het er niet mee eens.", "de link in de tweede alinea werkt niet meer.", "sinds de update werkt er bij mij niets meer.",
                 "wij waren er vorig jaar, echt een aanrader.", "ik heb minder suiker gebruikt en het was perfect."],
        "close": ["Bedankt!", "Groetjes", "Groet", ""],
    },
    "pt": {
        "link": ["Veja também:", "Mais informações aqui:", "Fonte:"],
        "open": ["Olá,", "Oi,", "Bom dia,", ""],
        "praise": ["ótimo artigo!", "muito bem explicado, obrigado.", "era exatamente isso que eu procurava."],
        "body": ["aqui não funciona com {t}.", "tive o mesmo problema com {s}.", "funciona no Windows também?", "testei ontem e funcionou de primeira.",
                 "não concordo.", "o link do segundo parágrafo está quebrado.", "depois da atualização não funciona mais nada.",
                 "fiz com menos açúcar e ficou ótimo.", "estivemos lá no ano passado, recomendo."],
        "close": ["Obrigado!", "Abraços", "Valeu!", ""],
    },
    "cs": {
        "link": ["Viz také:", "Víc tady:", "Zdroj:"],
        "open": ["Ahoj,", "Dobrý den,", "Zdravím,", ""],
        "praise": ["skvělý článek!", "moc pěkně vysvětlené, díky.", "přesně tohle jsem hledal."],
        "body": ["u mě to s {t} nefunguje.", "měl jsem stejný problém s {s}.", "funguje to i na Windows?", "včera jsem to zkoušel a šlo to napoprvé.",
                 "s tímhle nesouhlasím.", "odkaz ve druhém odstavci nefunguje.", "od aktualizace mi to přestalo fungovat.", "byli jsme tam loni v létě, nádhera."],
        "close": ["Díky!", "Zdravím", "S pozdravem", ""],
    },
    "pl": {
        "link": ["Zobacz też:", "Więcej tutaj:", "Źródło:"],
        "open": ["Cześć,", "Dzień dobry,", "Witam,", ""],
        "praise": ["świetny artykuł!", "bardzo jasno wytłumaczone, dzięki.", "dokładnie tego szukałem."],
        "body": ["u mnie z {t} to nie działa.", "miałem ten sam problem z {s}.", "czy to działa też na Windowsie?", "wczoraj próbowałem i zadziałało od razu.",
                 "nie zgadzam się.", "link w drugim akapicie nie działa.", "po aktualizacji nic mi nie działa.", "byliśmy tam zeszłego lata, polecam."],
        "close": ["Dzięki!", "Pozdrawiam", "Pozdro", ""],
    },
    "sv": {
        "link": ["Se även:", "Mer här:", "Källa:"],
        "open": ["Hej,", "Hej hej!", "Tjena,", ""],
        "praise": ["bra artikel!", "väldigt tydligt förklarat, tack.", "precis vad jag letade efter."],
        "body": ["hos mig fungerar det inte med {t}.", "jag hade samma problem med {s}.", "fungerar det på Windows också?", "testade igår och det fungerade direkt.",
                 "jag håller inte med.", "länken i andra stycket fungerar inte.", "vi var där förra sommaren, rekommenderas."],
        "close": ["Tack!", "Hälsningar", "Mvh", ""],
    },
    # Readers in other alphabets are rarer under an English post, but they are there.
    "ru": {
        "link": ["См. также:", "Подробнее тут:", "Источник:"],
        "open": ["Привет,", "Здравствуйте,", "Добрый день,", ""],
        "praise": ["отличная статья!", "очень понятно объяснено, спасибо.", "именно это я и искал."],
        "body": ["у меня с {t} это не работает.", "была та же проблема с {s}.", "а на Windows это тоже работает?", "вчера попробовал, всё заработало.",
                 "не согласен с автором.", "ссылка во втором абзаце не открывается.", "после обновления всё сломалось."],
        "close": ["Спасибо!", "С уважением", ""],
    },
    "ja": {
        "link": ["参考:", "こちらも:", "詳しくは:"],
        "open": ["こんにちは。", "はじめまして。", ""],
        "praise": ["とても参考になりました。", "分かりやすい説明をありがとうございます。", "ちょうど探していた情報です。"],
        "body": ["{t}でうまく動きませんでした。", "{s}で同じ問題がありました。", "Windowsでも動きますか？", "昨日試してみたら、すぐにできました。",
                 "二段落目のリンクが切れているようです。", "アップデート後に動かなくなりました。"],
        "close": ["ありがとうございました！", "よろしくお願いします。", ""],
    },
}


def ham_foreign(post: Post) -> str:
    lang = R.choices(list(NON_ENGLISH), weights=[6, 3, 3, 2, 1, 2, 1, 1, 1, 1, 1])[0]
    v = NON_ENGLISH[lang]
    parts = [pick(v["open"])]
    if chance(0.6):
        parts.append(cap(pick(v["praise"])) if not parts[0] else pick(v["praise"]))
    for body in some(v["body"], 1, 3):
        parts.append(cap(fill(body, post)))
    if chance(0.2) and post.site.tech:
        parts.append("\n" + fence(error_message(post.site.tech) if chance(0.5) else code_snippet(post.site.tech)) + "\n")
    if chance(0.25):
        parts.append(pick(v["link"]) + " " + ham_link(post))
    parts.append(pick(v["close"]))
    return noise(join(*parts), 0.4)


BRANDS = {
    "antivirus": ["Norton", "McAfee", "Avast", "AVG", "Kaspersky", "Bitdefender", "Webroot", "Malwarebytes", "Trend Micro", "ESET"],
    "printer": ["HP", "Epson", "Canon", "Brother", "Lexmark", "Xerox", "Kyocera", "Samsung"],
    "accounting": ["QuickBooks", "Sage 50", "Xero", "FreshBooks", "TurboTax", "QuickBooks Desktop", "QuickBooks Online", "Peachtree", "Quicken"],
    "email": ["Gmail", "Yahoo Mail", "Outlook", "Hotmail", "AOL Mail", "Roadrunner email", "Comcast email", "AT&T email", "Verizon email", "SBCGlobal email", "Thunderbird", "BellSouth email"],
    "router": ["Netgear", "Linksys", "TP-Link", "Belkin", "Asus router", "D-Link", "Arlo", "Orbi", "Xfinity router", "Eero"],
    "computer": ["Dell", "Lenovo", "Acer", "Toshiba", "Apple", "Microsoft", "Windows 10", "Windows 11", "MacBook", "Chromebook", "Alexa", "Roku", "Garmin"],
    "airline": ["Delta Airlines", "United Airlines", "American Airlines", "Southwest Airlines", "JetBlue", "Spirit Airlines", "Alaska Airlines",
                "Frontier Airlines", "Lufthansa", "British Airways", "Emirates", "Qatar Airways", "Air Canada", "Allegiant Air", "Hawaiian Airlines", "Turkish Airlines", "KLM", "Air France"],
    "travel": ["Expedia", "Booking.com", "Priceline", "Cheapflights", "Hotels.com", "Airbnb", "Carnival Cruise", "Royal Caribbean", "Travelocity"],
    "finance": ["Cash App", "PayPal", "Coinbase", "Binance", "Venmo", "Zelle", "Robinhood", "Chase bank", "Wells Fargo", "Kraken", "Blockchain wallet", "MetaMask", "Trust Wallet"],
    "other": ["Facebook", "Instagram", "Amazon Prime", "Netflix", "Hulu", "Spectrum", "Xfinity", "Cox Communications", "Hughesnet", "DirecTV", "Dish Network", "Kindle"],
}


def ham_brand_complaint(post: Post) -> str:
    """A reader's own experience with a brand's support line, phone number and all: ham that looks like a scam."""
    family = pick(list(BRANDS))
    brand = pick(BRANDS[family])
    number = phone(toll_free=chance(0.7))
    if chance(0.45):
        return noise(join(pick([
            f"I called {brand} support at {number} and they were useless, two hours on hold and then the line dropped.",
            f"Don't bother calling {brand}. I rang {number} three times and got three different answers.",
            f"For what it's worth, {brand} customer service ({number}) did replace mine under warranty, took about two weeks.",
            f"Beware of fake {brand} support numbers on Google, my mother nearly gave a scammer remote access. The real one is on the back of the box.",
            f"If {brand} asks you to install remote access software over the phone, hang up. Happened to my dad.",
            f"The {brand} helpline is {number} but honestly the forum was more useful.",
            f"Anyone else get spam calls claiming to be from {brand}? They called me from {phone(False)} yesterday.",
            f"My {brand} subscription renewed without asking, had to call {number} to get a refund. Read the small print folks.",
        ]), maybe(0.3, pick(["Rant over.", "Thanks for the post though.", "Glad you got it sorted.", f"Relevant to {post.subject}, sort of."]))), 0.3)
    who = pick(["I", "I", "My wife", "My dad", "We", "My neighbour", "A colleague", "My sister"])
    did = pick(["called", "rang", "phoned", "spent an hour on the phone with", "finally got through to", "tried calling", "had to ring", "gave up on"])
    desk = pick(["support", "customer service", "the helpline", "tech support", "their hotline", "the service desk", "the call centre"])
    at = pick([f"at {number}", f"on {number}", f"({number})", f"- the number was {number} -", f"using the number on the box, {number},", ""])
    when = pick(["yesterday", "last week", "twice this month", "back in March", "after the update", "when mine died", "this morning", ""])
    outcome = pick([
        "and they were useless", "and got nowhere", "and was on hold for 90 minutes", "and they told me to reinstall everything",
        "and the agent just read from a script", "and they wanted $" + str(R.randint(49, 299)) + " to look at it", "and it turned out to be a known bug",
        "and, to be fair, they sorted it in ten minutes", "and they sent a replacement, no questions asked", "and nobody could tell me anything",
        "and they blamed my router", "and got cut off twice", "and they insisted it was user error", "and they escalated it, still waiting",
    ])
    after = pick([
        "Your fix worked in five minutes.", f"In the end {fill(pick(post.site.tips), post) if chance(0.3) else 'a forum post solved it'}.",
        "Never buying from them again.", "So thanks for writing this up.", "Lesson learned: search before you call.", "Email worked better.",
        f"Posting this so nobody else wastes an afternoon on {brand}.", "Apparently that's normal for them.", "Anyway, back to the article.", "",
    ])
    text = join(f"{who} {did} {brand} {desk}" if chance(0.5) else f"{who} {did} {desk} for my {brand}", at, when, outcome + ".", after)
    if chance(0.25):
        text = join(pick(["Ugh.", "Same here.", "Don't get me started.", "Ha, relatable.", f"@{pick(FIRST)}", "Off topic, but", "Funny you mention support:"]), text)
    return noise(text, 0.35)


def ham_product(post: Post) -> str:
    product = pick(SITE_BY_NAME["reviews"].subjects)
    price = f"{pick(['$', '€', '£'])}{R.randint(15, 1400)}"
    text = pick([
        f"I bought {product} for {price} last year and I'd buy it again.", f"Paid {price} for mine in the sale, worth it.",
        f"I returned {product}, {pick(['the battery', 'the app', 'the noise', 'the fit'])} was a deal breaker.",
        f"We use {product} at home and {pick(['the kids', 'my wife', 'my husband', 'my dad'])} loves it.",
        f"Same experience with {product}: great for a month, then {pick(['firmware updates broke it', 'the battery faded', 'it started rattling'])}.",
        f"Any opinion on {product} vs the cheaper ones? I'm torn.", f"The {product} you linked is {price} now, it was cheaper when you wrote this.",
        f"I got {product} second hand for {price}, no regrets.", f"Manufacturer page for anyone curious: {ham_link()}",
    ])
    return noise(join(maybe(0.3, pick(["Good review.", "Helpful.", "Interesting."])), text), 0.3)


def ham_long(post: Post) -> str:
    paras = [
        fill(pick([
            "Long-time reader, first comment.", "A few thoughts after reading this twice.", "This is going to be a long one, sorry.",
            "I've been going back and forth on {s} for a while, so this came at the right time.", "Great post, but I want to add some nuance.",
        ]), post),
        ramble(ham_anecdote(post), post), ham_disagree(post) if chance(0.4) else ramble(ham_tip(post), post),
    ]
    if chance(0.5):
        paras.insert(2, " ".join(reader_sentence(post) for _ in range(R.randint(2, 4))))
    if chance(0.5):
        paras.append(ham_question(post))
    if post.site.tech and chance(0.5):
        paras.insert(2, fence(code_snippet(post.site.tech) if chance(0.5) else error_message(post.site.tech)))
    paras.append(pick(["Anyway, thanks for writing this.", "Thanks for starting the discussion.", "Keep writing!", "Cheers,\n" + pick(FIRST), ""]))
    return "\n\n".join(p for p in paras if p)


def ham_discussion(post: Post) -> str:
    """A long, point-by-point reply of the kind technical and hobby blogs get: numbered points, code, links."""
    points = []
    for _ in range(R.randint(2, 5)):
        point = pick([
            lambda: fill(pick(post.site.tips), post), lambda: fill(pick(OPINION), post), lambda: reader_sentence(post),
            lambda: fill(pick(post.site.questions), post), lambda: fill(pick(post.site.stories), post) + " " + pick(THEN),
            lambda: f"{cap(term(post))} {pick(['behaves differently', 'is documented badly', 'changed recently', 'is the real bottleneck', 'is optional', 'needs more love'])}, see {ham_link(post)}",
        ])()
        points.append(end(cap(point)))
    style = R.random()
    if style < 0.4:
        body = "\n".join(f"{i}{pick([')', '.', ' -'])} {p}" for i, p in enumerate(points, 1))
    elif style < 0.7:
        body = "\n\n".join(points)
    else:
        body = " ".join(points)
    parts = [pick(["Very cool. A couple of ideas:", "Some thoughts:", "Good post, but a few remarks.", f"Hi {pick(FIRST)},", "Interesting.",
                   "I've been thinking about this since yesterday.", f"Regarding {post.subject}:", "Late to the party, but:", ""]), body]
    if post.site.tech and chance(0.6):
        parts.insert(R.randint(1, 2), fence(code_snippet(post.site.tech)))
    parts.append(pick(["Just my two cents.", "Cheers,\n" + pick(FIRST), "Thanks again for the post.", "Let me know what you think.", "", ""]))
    return noise("\n\n".join(p for p in parts if p), 0.15)


CHAT_EVENT = ["the new flat", "the wedding", "the new job", "your trip", "the baby", "the marathon", "the move", "the exam", "the garden",
              "the new puppy", "your birthday", "the gig", "the holiday pics", "the new haircut", "your first week", "the renovation"]
CHAT_FEEL = ["so happy for you", "sooo jealous", "proud of you", "I laughed so hard", "that looks amazing", "what a week", "I'm still tired from it",
             "can't believe it's been a year", "you deserve it", "haha typical you", "my mum cried reading this", "omg", "lol"]
CHAT_PLAN = ["call me this weekend", "coffee next week?", "see you at {d}'s on {w}", "bring the photos on {w}", "when are you back?",
             "tell {d} I said hi", "we still owe you dinner", "drinks on me when you're back", "send me the recipe", "let's do it again in {m}"]


def ham_chatty_parts(post: Post) -> str:
    """Friends' chatter composed: an event, a feeling, a plan, a name, in any order."""
    parts = [f"{pick(['Congrats on', 'Love', 'Miss', 'Great pics of', 'So, about', 'Wow,', 'Aww,'])} {pick(CHAT_EVENT)}{pick(['!', '!!', '.', '', ' :)'])}",
             pick(CHAT_FEEL) + pick(["!", "!!", ".", "", " xx"]),
             cap(pick(CHAT_PLAN).replace("{d}", pick(FIRST)).replace("{w}", pick(WEEKDAYS)).replace("{m}", pick(MONTHS))) + pick(["!", "?", "", "."])]
    R.shuffle(parts)
    text = join(*parts[: R.randint(1, 3)])
    if chance(0.4):
        text = join(text, pick(["xx", "Love, " + pick(FIRST), "Hugs", "<3", "- " + pick(FIRST), "Cheers mate", "Take care!", "Mum"]))
    return noise(text, 0.5)


def ham_chatty(post: Post) -> str:
    """Friends and family under a personal post: short, warm, full of names and exclamation marks."""
    if chance(0.5):
        return ham_chatty_parts(post)
    name = pick(FIRST)
    text = pick([
        f"Congrats on the new job, {name}!!", "Miss you guys! See you at Christmas.", f"Happy birthday {name}!! Have a great one",
        "Great pics from the wedding!", "haha that is SO you", "When are you back in town? Drinks are on me.", "Call me when you land!",
        f"Say hi to {pick(FIRST)} from us!", "Aww, the baby is gorgeous!", "Sorry I missed the party, next time for sure.", "Looks like you had a blast!",
        "Get well soon, thinking of you.", "OMG the cat photo!!! 😂", "Mum says hello and asks when you're calling her.", "Still jealous of that view.",
        f"See you on {pick(['Saturday', 'Friday', 'Sunday', 'Tuesday'])}!", "I'll bring the cake.", "That was the best weekend in ages, thanks for organising!",
        f"{name} told me all about it, sounds amazing.", "We need to do this again soon!", "Ha, I remember that day.", "Proud of you!",
        f"Safe travels! Send a postcard from {pick(SITE_BY_NAME['travel'].subjects)}.", "Welcome back to blogging :)", "Finally a new post!",
    ])
    if chance(0.4):
        text = join(text, pick(["xx", "Love, " + pick(FIRST), "Hugs", ":-)", "<3", "- " + pick(FIRST), "Cheers mate", "Take care!"]))
    return noise(text, 0.5)


def ham_rude(post: Post) -> str:
    return noise(fill(pick([
        "This is the dumbest thing I've read all week.", "Did you even proofread this?", "What a waste of time.",
        "Worst advice ever. Unsubscribed.", "You clearly have no idea about {s}.", "Clickbait title, empty article.",
        "lol this aged badly", "Stop writing about things you don't understand.", "Boring.", "Who pays you to write this?",
        "Tried it, didn't work, thanks for nothing.", "The comments here are dumber than the article.", "This recipe is awful. Too salty.",
        "Your site is unusable on mobile, fix it.", "Another useless {s} article.", "Meh. Nothing new here.",
    ]), post), 0.5)


def ham_joke(post: Post) -> str:
    return noise(fill(pick([
        "My cat read this over my shoulder and now she wants {t}.", "I came for {s} and stayed for the drama in the comments.",
        "Step 1: read article. Step 2: feel smart. Step 3: forget everything by lunch.", "I tried this and my houseplants filed a complaint.",
        "Works on my machine. Ship it.", "Instructions unclear, now my kitchen is on fire.", "Me, three hours later, still fighting {t}.",
        "I have read this more times than I have called my mother. Sorry mum.", "This post is the reason I'm late for work.",
        "Somewhere a {t} is crying.", "10/10 would {s} again.", "My wife says I talk about {s} too much. She's right.",
    ]), post), 0.5)


def ham_vendor_reply(post: Post) -> str:
    product = post.subject if post.site.name in ("reviews", "dotnet", "web", "python", "devops") else pick(SITE_BY_NAME["reviews"].subjects)
    name = pick(FIRST)
    text = join(
        pick([f"Hi, {name} here, I work on {product}.", f"Maintainer of {product} here.", f"Thanks for the honest review of {product}.",
              f"Hi {pick(FIRST)}, I'm on the {product} team."]),
        pick(["Sorry about the trouble with {t}, it's fixed in the next release.", "I'm glad we could sort things out for you.",
              "The issue you describe is a known bug, we're tracking it in our issue tracker.", "That's fair criticism and we're working on it.",
              "The docs were out of date on this, we've updated them.", "Thanks for the kind words."]),
        pick([f"If anything else comes up, mail me at {name.lower()} [at] {slug(product).split('-')[0] or 'example'} [dot] com.",
              "Feel free to open an issue if it happens again.", "Happy to help if you run into anything else.", ""]),
    )
    return noise(fill(text, post), 0.15)


# ------------------------------------------------------------------------------------------------
# Readers as they really write: the kinds a corpus of tidy comments lacks. Each maker assembles a
# comment from several independent slots (why, what, where, how it ends), so that no one sentence
# carries a kind; where a kind lives in its form (pasted twice, HTML from an old engine, quoting
# another reader) the form is applied to comments drawn from the other makers.

CITIES = ["Graz", "Vienna", "Leeds", "Portland", "Lyon", "Utrecht", "Bristol", "Austin", "Munich", "Melbourne", "Ghent", "Cork",
          "Linz", "Innsbruck", "Zurich", "Bern", "Hamburg", "Cologne", "Leipzig", "Brno", "Krakow", "Porto", "Valencia", "Bologna",
          "Aarhus", "Tampere", "Halifax", "Boulder", "Dunedin", "Wellington", "Cardiff", "Galway", "Nantes", "Turin", "Malmo", "Tartu"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
CONFS = ["PyCon", "JSConf", "NDC", "FOSDEM", "DevOpsDays", "GopherCon", "RustConf", "WordCamp", "Devoxx", "the Chaos Communication Congress",
         "a local barcamp", "SQLBits", "QCon", "Strange Loop", "EuroPython", "DjangoCon", "KubeCon", "Laracon", "BuildStuff", "TechEd"]
VIDEO_HOST_WORDS = ["clip", "vid", "tube", "cast", "reel", "frame", "view", "screen", "show", "film"]


def video_link() -> str:
    """A link to a video a reader recommends: a talk, a demo, a clip, on a big or a small site."""
    ids = string.ascii_letters + string.digits + "_-"
    style = R.random()
    if style < 0.3:
        # a video, never a channel: sending readers to a channel is what self-promoters do
        url = pick([f"https://www.youtube.com/watch?v={rand_id(11, ids)}", f"http://www.youtube.com/watch?v={rand_id(11, ids)}",
                    f"https://youtu.be/{rand_id(11, ids)}", f"youtube.com/watch?v={rand_id(11, ids)}", f"https://m.youtube.com/watch?v={rand_id(11, ids)}"])
        if chance(0.3):
            url += pick([f"&t={R.randint(30, 3000)}s", f"#t={R.randint(1, 50)}m{R.randint(1, 59)}s", f"?t={R.randint(30, 3000)}"]) if "?" not in url else f"&t={R.randint(30, 3000)}"
        return url
    if style < 0.45:
        return f"{pick(['https://', 'http://', ''])}vimeo.com/{R.randint(1000000, 899999999)}"
    if style < 0.55:
        return f"https://www.dailymotion.com/video/x{rand_id(6)}"
    if style < 0.62:
        return f"https://archive.org/details/{slug(pick(WIKI))}-{R.randint(1950, 2020)}"
    if style < 0.7:
        conf = slug(pick(CONFS)).replace("the-", "")
        return pick([f"https://media.ccc.de/v/{R.randint(30, 38)}c3-{R.randint(1000, 9999)}-{slug(pick(WIKI))}",
                     f"http://channel9.msdn.com/Events/{cap(conf)}/{R.randint(2008, 2016)}/{pick(['DEV', 'WEB', 'ARC', 'TL'])}{R.randint(100, 499)}",
                     f"https://www.infoq.com/presentations/{slug(pick(WIKI))}/", f"https://www.ted.com/talks/{slug(person())}_{slug(pick(WIKI))}",
                     f"https://{conf}.org/{R.randint(2012, 2025)}/talks/{slug(pick(WIKI))}/"])
    if style < 0.78:
        return f"https://www.twitch.tv/videos/{R.randint(100000000, 1999999999)}"
    if style < 0.86:
        return f"https://{pick(['tube', 'video', 'peertube', 'media'])}.{pick(PROJECT_A)}{pick(PROJECT_B)}.{pick(['org', 'net', 'social', 'de'])}/w/{rand_id(10, ids)}"
    name = pick(PROJECT_A) + pick(VIDEO_HOST_WORDS) + pick(["", "s", "z", "hub", "cafe"])
    return f"http://www.{name}.{pick(['com', 'net', 'tv'])}/watch/{R.randint(100000, 999999)}/{'_'.join(some(['how', 'to', 'laser', 'build', 'demo', 'funny', 'cat', 'fail', 'live', 'bread', 'knife', 'skills', 'hack', 'timelapse'], 2, 4))}/"


def timestamp() -> str:
    return f"{R.randint(0, 59)}:{R.randint(0, 59):02d}" if chance(0.7) else f"{R.randint(1, 2)}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"


def ham_video_link(post: Post) -> str:
    """A reader recommends a video: the talk, a demo of the technique, a clip that fits (or a distraction)."""
    who = pick(["the author of the library", "one of the maintainers", "a guy from the core team", "a chef I follow", "our guide",
                "a local historian", "the researcher herself", "a mechanic", "someone from the council", "my old professor", "the developer"])
    v = video_link()
    lead = pick([
        f"{cap(who)} gave a talk on {post.subject} at {pick(CONFS)} {R.randint(2009, 2025)}, recording here: {v}",
        f"If you prefer watching to reading, this covers {pick([post.subject, term(post)])} well: {v}",
        f"This video shows the {term(post)} part better than words can: {v}",
        f"Around {timestamp()} in {v} {who} does exactly what you describe with {term(post)}.",
        f"Saw this {pick(WHEN)} and thought of your post: {v}",
        f"Here is a {pick(['short', 'long', 'ten minute', 'very old', 'surprisingly good', 'slightly chaotic'])} {pick(['demo', 'video', 'clip', 'walkthrough', 'timelapse', 'recording'])} of {pick([post.subject, term(post)])}: {v}",
        f"Off topic, but if you need a break from {pick([post.subject, term(post)])}: {v}",
        f"{cap(who)} explains why {term(post)} matters in this one {v}",
        f"The live demo of {post.subject} is worth watching, skip to {timestamp()}: {v}",
        f"My {pick(['son', 'daughter', 'flatmate', 'dad', 'partner'])} filmed our attempt at {post.subject}, it went about as well as you'd expect {v}",
        f"For anyone who learns by watching: {v} (not mine)",
        f"{v} - the bit at {timestamp()} answers the question about {term(post)} above.",
    ])
    after = some([
        "In German, sorry, but the slides are in English.", "The sound is bad but the content is good.", f"About {R.randint(8, 90)} minutes, worth it.",
        "Not my video, just a fan.", "The comments under it are useful too.", f"Skip the intro, it starts at {timestamp()}.",
        "It's from a few years ago but nothing has changed.", f"{cap(term(post))} comes up near the end.", "Subtitles are available.",
        "He gets one detail wrong, see if you can spot it.", "Made me laugh.", "Still the best explanation I know.",
    ], 0, 2)
    text = join(pick(["", "", "Nice post.", "Related:", "Thanks for this.", f"@{pick(FIRST)}", "Hi,", "Great write-up!"]), lead, *after)
    if chance(0.15):
        text = pick([f"Passt dazu: {v}", f"Hier ein Video dazu: {v}", f"Une vidéo qui explique bien le sujet : {v}",
                     f"Un vídeo que lo explica muy bien: {v}", f"Un video che lo spiega bene: {v}", f"Ook leuk om te zien: {v}",
                     f"wenn man sich ablenken will, das hier ist großartig: {v}"]) + maybe(0.5, " " + pick(["Grüße", "LG", ":)", "Merci !", "Saludos"]))
    return noise(text, 0.35)


GROUPS = ["user group", "meetup", "hackerspace", "makerspace", "Linux user group", ".NET user group", "Python meetup", "JavaScript meetup",
          "Java user group", "WordPress meetup", "coding dojo", "camera club", "allotment society", "running club", "book club",
          "repair café", "community choir", "gardening club", "parents' group", "classic car club", "cycling club", "astronomy society",
          "chess club", "sourdough swap", "board game night", "birdwatching group", "women in tech group", "homebrew club"]
VENUES = ["the library", "a pub near the station", "the university, room {n}", "the community centre", "the back room of Café {N}",
          "the town hall annex", "a co-working space in the old town", "online on Jitsi", "the church hall", "the fire station meeting room",
          "the museum café", "the school gym", "someone's garage, honestly"]


def group_link() -> str:
    return pick([
        small_site_link(), f"https://www.meetup.com/{slug(pick(CITIES))}-{slug(pick(GROUPS))}/", f"https://lists.{pick(PROJECT_A)}{pick(PROJECT_B)}.org/mailman/listinfo/{slug(pick(GROUPS))}",
        f"https://www.xing.com/communities/groups/{slug(pick(CITIES))}-{slug(pick(GROUPS))}-{R.randint(1000, 9999)}", f"https://www.facebook.com/groups/{slug(pick(CITIES))}{slug(pick(GROUPS)).replace('-', '')}",
        f"https://{slug(pick(CITIES))}.{pick(['pm.org', 'ug.at', 'lug.org.uk', 'hackerspace.org', 'club'])}/", f"https://discord.gg/{rand_id(8, string.ascii_letters)}",
    ])


def ham_user_group(post: Post) -> str:
    """A reader pointing to a user group, club or meetup that fits the post, or asking for one."""
    group = pick(GROUPS)
    city = pick(CITIES)
    venue = pick(VENUES).replace("{n}", str(R.randint(1, 499))).replace("{N}", pick(FIRST))
    when = f"every {pick(['first', 'second', 'third', 'last'])} {pick(WEEKDAYS)}" if chance(0.7) else f"once a month, usually on a {pick(WEEKDAYS)}"
    contact = pick(FIRST) + maybe(0.5, " " + pick(LAST))
    parts = [pick([
        f"Is there a {group} in {city}? I'd love to talk to people about {post.subject}.",
        f"You should give a talk on {post.subject} at the {city} {group}.",
        f"Not sure it still exists, but there used to be a {group} in {city} run by {contact}.",
        f"If you are ever near {city}: our {group} meets {when} at {venue}.",
        f"The {city} {group} did an evening on {post.subject} {pick(['last month', 'in the spring', 'a while ago', 'last year'])}.",
        f"As far as I know the {group} in {city} is the place for questions about {term(post)}.",
        f"{contact} from the {group} in {city} knows more about {term(post)} than anyone I know.",
        f"We started a small {group} in {city} {pick(['last year', 'in March', 'after the pandemic', 'two years ago'])}, {R.randint(5, 40)} people so far.",
    ])]
    parts += some([
        f"We meet {when} at {venue}.", "Newcomers are always welcome.", "No need to register, just turn up.", "Bring a laptop if you want to hack on something.",
        f"The next one is on {pick(WEEKDAYS)} the {R.randint(1, 28)}th.", f"Ask for {contact}, they organise it.", f"Details: {group_link()}",
        f"There's a mailing list: {group_link()}", "It's free, there's usually cake.", f"Last time we had {R.randint(6, 60)} people.",
        "Mostly beginners, a few old hands.", "I'm there most months, say hi if you come.",
    ], 1, 3)
    if chance(0.2):
        parts = [pick([f"Hallo {pick(FIRST)},", "Servus,", "Hi,"]), f"in {city} gibt es {pick(['eine', 'die'])} {pick(['Usergroup', 'Entwicklergruppe', 'Community', 'Stammtisch-Runde'])} zu {post.subject}.",
                 f"Wir treffen uns {pick(['jeden zweiten Dienstag', 'einmal im Monat', 'jeden ersten Donnerstag'])} {pick(['in der Bibliothek', 'im Café am Markt', 'an der Uni', 'online'])}.",
                 maybe(0.7, f"Infos unter {group_link()}"), maybe(0.5, f"Ansprechpartner ist {contact}."), pick(["Grüße", "LG", "Bis bald", ""])]
    return noise(join(*parts), 0.25)


ISSUE_ORGS = ["python/cpython", "nodejs/node", "facebook/react", "rust-lang/rust", "golang/go", "dotnet/runtime", "castleproject/Windsor",
              "django/django", "pallets/flask", "laravel/framework", "WordPress/gutenberg", "moby/moby", "kubernetes/kubernetes",
              "microsoft/vscode", "spring-projects/spring-boot", "sqlalchemy/sqlalchemy", "vitejs/vite", "npm/cli", "nhibernate/nhibernate-core"]


def issue_link(post: Post) -> str:
    repo = pick(ISSUE_ORGS) if chance(0.6) else f"{pick(HANDLE_A)}{pick(HANDLE_B)}/{pick(PROJECT_A)}{pick(PROJECT_B)}"
    n = R.randint(2, 99999)
    return pick([
        f"https://github.com/{repo}/issues/{n}", f"https://github.com/{repo}/pull/{n}", f"https://github.com/{repo}/commit/{rand_id(pick([7, 40]), '0123456789abcdef')}",
        f"https://gitlab.com/{repo}/-/issues/{n}", f"https://bugzilla.mozilla.org/show_bug.cgi?id={R.randint(100000, 1900000)}",
        f"https://bugs.launchpad.net/ubuntu/+source/{pick(['nginx', 'openssl', 'systemd', 'python3.12', 'docker.io'])}/+bug/{R.randint(100000, 2099999)}",
        f"https://issues.apache.org/jira/browse/{pick(['MAVEN', 'KAFKA', 'SPARK', 'LUCENE', 'HADOOP'])}-{R.randint(100, 9999)}",
        f"https://youtrack.jetbrains.com/issue/{pick(['IDEA', 'RSRP', 'KT', 'PY'])}-{R.randint(1000, 99999)}",
        f"https://bugs.php.net/bug.php?id={R.randint(10000, 81000)}", f"https://bugs.debian.org/cgi-bin/bugreport.cgi?bug={R.randint(100000, 1099999)}",
        f"http://code.google.com/p/{pick(PROJECT_A)}{pick(PROJECT_B)}/issues/detail?id={R.randint(1, 999)}",
        f"https://sourceforge.net/p/{pick(PROJECT_A)}{pick(PROJECT_B)}/bugs/{R.randint(1, 999)}/",
        f"https://connect.microsoft.com/VisualStudio/feedback/details/{R.randint(100000, 999999)}",
    ])


def ham_issue_link(post: Post) -> str:
    """A technical reader pointing to the bug, the pull request or the commit behind the post's problem."""
    lang = post.site.tech or "python"
    version = f"{R.randint(1, 9)}.{R.randint(0, 20)}{maybe(0.5, '.' + str(R.randint(0, 9)))}"
    link = issue_link(post)
    lead = pick([
        f"This is a known bug: {link}", f"I opened an issue for this {pick(WHEN)}: {link}", f"There's a pull request that fixes it, not merged yet: {link}",
        f"Fixed in {version}, see {link}", f"The maintainers closed it as won't fix ({link}), so your workaround is the way to go.",
        f"Same root cause as {link}, I think.", f"For anyone landing here from a search: {link} has the whole story.",
        f"Upstream discussion, with a workaround in the last comments: {link}", f"The regression came in with this commit: {link}",
        f"I reported the {term(post)} problem here {link}, a +1 might help.", f"It's tracked at {link}, milestone {version}.",
    ])
    extra = some([
        f"Until then, {inline_code(lang)} works around it.", f"Only happens with {term(post)}, as far as I can tell.", "Took me a whole afternoon to find that.",
        f"Pinning to {version} fixed it for us.", "Someone posted a minimal repro there.", "Please don't spam the thread with +1s, use the reaction button.",
        "It was reopened last week.", f"The fix is a one-liner in {pick(MODULES)}.{pick(['py', 'js', 'cs', 'go', 'php', 'rs'])}.", "Good post otherwise.",
    ], 0, 2)
    return noise(join(pick(["", "", "FYI:", "Heads up:", f"@{pick(FIRST)}", "Hi,"]), lead, *extra), 0.25)


def ham_double_post(post: Post) -> str:
    """A comment pasted or submitted twice, in one text: people press the button again, or paste twice."""
    maker = pick([ham_question, ham_praise, ham_reply, ham_correction, ham_anecdote, ham_tip, ham_disagree, ham_thanks, ham_non_native, ham_review])
    if post.site.tech and chance(0.3):
        maker = pick([ham_stack_trace, ham_code, ham_issue_link])
    text = maker(post).strip()
    shape = R.random()
    sep = pick([" ", "\n", "\n\n", "  ", "<br /><br />", "\n\n\n"])
    if shape < 0.45:
        return text + sep + text
    if shape < 0.6:
        cut = text[: R.randint(max(3, len(text) // 5), max(4, len(text) * 3 // 4))]
        return cut + sep + text
    if shape < 0.75:
        return typos(text, 0.1) + sep + text
    if shape < 0.9:
        return join(text + sep + text, pick(["(sorry, posted twice)", "Sorry for the double post!", "oops, double post", "Please delete the first one.", "argh, my browser resubmitted"]))
    return text + sep + pick(["Edit:", "EDIT", "again, since the first one lost the formatting:", "Reposting with the formatting fixed:"]) + sep + text


MOJIBAKE = {"ä": "Ã¤", "ö": "Ã¶", "ü": "Ã¼", "é": "Ã©", "è": "Ã¨", "’": "â€™", "“": "â€œ", "”": "â€\x9d", "–": "â€“", "ß": "ÃŸ", "ı": "Ä±"}
ESCAPED = {"ä": "u00e4", "ö": "u00f6", "ü": "u00fc", "é": "u00e9", "’": "u2019", "ß": "u00df", "ı": "u0131", "ç": "u00e7"}
SMILEYS = {":)": "icon_smile", ":-)": "icon_smile", ";)": "icon_wink", ":D": "icon_biggrin", ":(": "icon_sad", ":P": "icon_razz"}


def old_engine(text: str, host: str = "") -> str:
    """What an export from a 2000s blog engine does to a comment: markup, entities, lost line breaks, broken encodings."""
    host = host or f"{pick(PROJECT_A)}{pick(PROJECT_B)}.{pick(['com', 'at', 'de', 'net', 'org'])}"
    style = R.random()
    if style < 0.3:
        text = "<p>" + "</p>\n<p>".join(p.replace("\n", "<br />\n") for p in text.split("\n\n")) + "</p>"
    elif style < 0.5:
        text = text.replace("\n", "<br />")
    elif style < 0.62:
        text = text.replace("\n", "rn")  # \r\n lost its backslashes on the way
    elif style < 0.72:
        text = text.replace("\n", "\r\n")
    elif style < 0.8:
        text = text.replace("\n", "<br>")
    text = re.sub(r"(?<![=\"'>])\b((?:https?://|www\.)[^\s<\"]+[^\s<.,)\"])", lambda m: pick([
        f'<a href="{m.group(1)}" rel="nofollow">{m.group(1) if len(m.group(1)) < 45 else m.group(1)[:40] + "..."}</a>',
        f'<a href="{m.group(1)}">{pick(["here", "this", "link", "the docs", "this post", "the issue", m.group(1)])}</a>',
        f'<a href="{m.group(1)}" target="_blank" rel="nofollow">{m.group(1)}</a>', m.group(1),
    ]), text) if chance(0.7) else text
    if chance(0.5):
        text = text.replace('"', "&quot;") if "<" not in text else re.sub(r'"(?=[^<>]*(?:<|$))', "&quot;", text)
    if chance(0.5):
        text = text.replace("'", pick(["&#39;", "&#8217;", "&rsquo;"]))
    if chance(0.3):
        text = text.replace(" & ", " &amp; ").replace("...", pick(["&hellip;", "&#8230;"])).replace(" - ", pick([" &#8211; ", " &ndash; "]))
    if chance(0.2):
        text = re.sub(r"<(\w+)>", r"&lt;\1&gt;", text)  # generics in code, escaped by the engine
    if chance(0.15):
        table = MOJIBAKE if chance(0.5) else ESCAPED
        text = "".join(table.get(c, c) for c in text)
    if chance(0.2):
        for sm, icon in SMILEYS.items():
            text = text.replace(sm, f'<img src="http://{host}/wp-includes/images/smilies/{icon}.gif" alt="{sm}" class="wp-smiley" />')
    if chance(0.25):
        words = text.split(" ")
        i = R.randrange(len(words))
        if words[i].isalpha():
            tag = pick(["em", "strong", "b", "i"])
            words[i] = f"<{tag}>{words[i]}</{tag}>"
        text = " ".join(words)
    if chance(0.1):
        text = text.replace("\u00a0", "&nbsp;").replace("  ", " &nbsp;")
    return text


def ham_old_engine(post: Post) -> str:
    """Comments as they come out of an old blog engine's export: ordinary readers, much markup."""
    maker = pick([ham_question, ham_praise, ham_reply, ham_doc_link, ham_correction, ham_anecdote, ham_tip, ham_quote_reply,
                  ham_disagree, ham_foreign, ham_thanks, ham_user_group, ham_video_link, ham_review, ham_chatty])
    if post.site.tech and chance(0.45):
        maker = pick([ham_stack_trace, ham_code, ham_issue_link, ham_doc_link])
    text = maker(post)
    if chance(0.3) and "<blockquote" not in text:
        text = f"<blockquote>{cap(reader_sentence(post))}</blockquote>{pick(['', chr(10)])}{text}"
    return old_engine(text)


ANGER_OPEN = ["I'm sorry, but this is one of the worst takes on {s} I've read in years.", "I can't believe people are nodding along to this.",
              "Wow. Just wow.", "I usually like this blog, but this post made me genuinely angry.", "Where do I even start.",
              "This is exactly the kind of article that does real damage.", "I had to read this three times to make sure I wasn't misreading it.",
              "No. Absolutely not.", "I'm going to be blunt because someone has to be.", "Every single point here is either wrong or misleading.",
              "Honestly? This is lazy.", "OK, I've held back on the last few posts, but not this time.", "Seriously?!"]
ANGER_CLAIM = ["You claim {t} is the problem. It isn't, and you'd know that if you had ever actually done {s}.",
               "The whole argument rests on one example, and that example is cherry-picked.", "You present opinion as fact, over and over.",
               "{T} is not some minor detail you can wave away in one sentence.", "You completely ignore the cost, and the cost is the whole story.",
               "Half the advice here contradicts the other half.", "Nobody who has spent more than a weekend on {s} would write this.",
               "You blame {t} for something that is entirely the fault of bad planning.", "The numbers you quote don't say what you think they say.",
               "This was debunked years ago and you're repeating it as if it were new.", "You talk about {s} as if everyone had your budget and your free time."]
ANGER_STORY = ["I've {done} {s} for {n} years and I have seen advice like this {harm2} more times than I can count.",
               "Last {when2} {who2} followed advice just like this and it {harm}.", "We tried precisely this at {place2} and it {harm}.",
               "My {rel} {done} {s} professionally for decades and laughed when I showed him this.",
               "I spent {n} weekends undoing what a post very much like this one talked me into."]
ANGER_Q = ["Did you test any of this?", "Who is this even for?", "Where is the evidence?", "What happens when {t} fails?",
           "Why is there no mention of {t}?", "Have you ever talked to anyone who actually has to live with this?", "Who checked this before it went out?",
           "How is anyone supposed to afford that?", "And when it goes wrong, who pays?"]
ANGER_TURN = ["I'm not saying the old way is perfect.", "Yes, {t} has problems. Nobody denies that.", "Fine, one of your points is fair.",
              "Maybe it works in your situation.", "I get that it's a blog post and not a paper.", "And before anyone says I'm just being negative:"]
ANGER_CLOSE = ["Please either update the post or take it down.", "Do your homework next time.", "I expected better from you.", "Unsubscribing.",
               "Readers deserve better than this.", "Rant over. For now.", "Disappointed doesn't begin to cover it.", "Think about who reads this.",
               "I'll be interested to see whether you reply to this or just delete it.", "Sorry for the tone, but not for the content."]


def ham_angry_long(post: Post) -> str:
    """A long, angry disagreement in several paragraphs: a real reader, not a spammer, however rude."""
    def f(x: str) -> str:
        return fill(x.replace("{T}", cap(term(post))), post).replace("{n}", str(R.randint(3, 30))).replace(
            "{done}", pick(["done", "worked on", "taught", "lived with", "run"])).replace("{harm}", pick([
                "ended in tears", "cost someone a lot of money", "broke things for months", "made everything worse", "went badly wrong"])).replace(
            "{harm2}", pick(["end in tears", "cost people real money", "break things for months", "make everything worse", "go badly wrong"])).replace(
            "{when2}", pick(["year", "spring", "month", "winter"])).replace("{who2}", pick(["a neighbour", "my brother", "a colleague", "a client", "my team"])).replace(
            "{place2}", pick(["work", "my old job", "our school", "the club", "home"])).replace("{rel}", pick(["father", "uncle", "grandfather", "old boss"]))
    paras = [f(pick(ANGER_OPEN)), " ".join(f(x) for x in some(ANGER_CLAIM, 1, 3))]
    if chance(0.7):
        paras.append(f(pick(ANGER_STORY)) + maybe(0.5, " " + reader_sentence(post)))
    if chance(0.7):
        paras.append(" ".join(f(x) for x in some(ANGER_Q, 2, 4)))
    if chance(0.5):
        paras.append(join(f(pick(ANGER_TURN)), f(pick(ANGER_CLAIM))))
    if chance(0.3) and post.site.tech:
        paras.append(fence(error_message(post.site.tech) if chance(0.5) else code_snippet(post.site.tech)))
    paras.append(f(pick(ANGER_CLOSE)))
    if chance(0.3):
        paras = [p.replace(".", "!", 1) if chance(0.3) else p for p in paras]
    if chance(0.2):
        i = R.randrange(len(paras))
        paras[i] = re.sub(r"\b(wrong|never|not|nobody|any|every|whole)\b", lambda m: m.group(1).upper(), paras[i])
    return noise(pick(["\n\n", "\n", " "]).join(paras), 0.2)


NN_GREET = ["Hello sir,", "Hi sir", "Dear sir,", "Hello,", "hi", "Respected sir,", "Hello friend,", "Hi {N},", "Good morning,", "Hello everyone,",
            "Hi {N} sir,", "Dear {N},", "hello all", "Hey,", "Hallo,", ""]
NN_PROBLEM_TECH = ["i am trying {s} from your post but it give me error", "i follow all the step but still is not working",
                   "when i run it, it is showing error {e}", "i am new in {s}, how i can start with {t}?", "i have install {t} but i am not able to run",
                   "i copy your code in my project but nothing is happen", "i have doubt regarding {t}, it is necessary?",
                   "my {t} is giving the same problem since two days", "i get exception {e} in the step {k}", "this code is working in local but not in server",
                   "what is the meaning of {t} in this example?", "it works not with the new version of {t}"]
NN_PROBLEM_L1 = [
    "i have the same problem since two weeks", "it works not when i start it from the menu", "can you make a example for beginners?",
    "i become always the same error", "i am agree with the most of your points", "people is always saying this but nobody explain why",
    "i have tried it since yesterday but without success", "it is very interessant for me", "the actual version is different from your screenshot",
    "we are in {m} there, is it possible to visit without car?", "i do the needful but still same issue", "kindly revert back with the solution",
    "i have a doubt regarding the step {k}", "i want to ask a question about {t}", "please prepone the next part if possible",
    "my english is not so good but i try to explain", "i am not so sure if i understand correct", "for what is {t} good?",
]
NN_PROBLEM = ["i make this {s} yesterday but it is not become good like yours", "we are going to travel in {m}, is it possible to do {s} in that time?",
              "my {t} is not growing well, what i should do?", "i am agree with you about {t}", "in my country is very difficult to find {t}",
              "i have read your article two times and i have one question about {t}", "can you make a example with {t}?",
              "people is not understanding this problem about {s}", "since three years i am doing {s} and i never heard about this",
              "i am not understand the part with {t}", "it is possible to use other thing instead {t}?", "for me is better to use {t}"]
NN_REQUEST = ["please help me", "plz tell me what is the problem", "kindly guide me", "can you explain more about {t}", "waiting for your reply",
              "it is urgent for my project", "what i am doing wrong?", "is there any other way?", "can you share the full source code",
              "can you send me on my mail?", "i need it for my final year project", "suggest me something", "tell me the solution", "",
              "any idea?", "how to solve this?", "reply me when you have time", "i am waiting your answer", "what to do now?", "help me sir", ""]
NN_CLOSE = ["thanks in advance", "thanking you", "regards", "thank you so much", "thanks", "thanks a lot sir", "waiting", "Best regards, {N}", "tnx", "", ""]


def non_native(text: str) -> str:
    """Surface of someone writing in a second language: lower-case 'i', lost articles, missing spaces."""
    if chance(0.5):
        text = re.sub(r"\bI\b", "i", text)
    if chance(0.4):
        text = re.sub(r"\b(the|a|an) ", lambda m: "" if R.random() < 0.4 else m.group(0), text)
    if chance(0.3):
        text = text.replace(", ", ",").replace(". ", ".")
    if chance(0.2):
        text = text.replace(".", "...")
    return text


def ham_non_native(post: Post) -> str:
    """A reader writing English as a second language: questions, thanks and agreement, not a pitch."""
    lang = post.site.tech
    name = pick(FIRST)
    problems = NN_PROBLEM_L1 if chance(0.35) else NN_PROBLEM_TECH if lang and chance(0.8) else NN_PROBLEM
    err = error_message(lang).split("\n")[-1][:90] if lang else ""
    body = [fill(p, post).replace("{e}", f'"{err}"' if err else "").replace("{k}", str(R.randint(2, 7))).replace("{m}", pick(MONTHS))
            for p in some(problems, 1, 2)]
    parts = [pick(NN_GREET).replace("{N}", name)] + [end(cap(b), [".", "", "..", "?"]) for b in body]
    if lang and chance(0.25):
        parts.append("\n" + fence(error_message(lang)) + "\n")
    parts.append(fill(pick(NN_REQUEST), post))
    if chance(0.4):
        parts.insert(1, pick(["very nice article.", "your blog is very helpfull for me.", "thank you for this tutorial.", "i am reading your blog since long time.",
                              "it is very useful post.", "first of all thanks for sharing knowledge.", "i like very much this post."]))
    parts.append(pick(NN_CLOSE).replace("{N}", name))
    return noise(non_native(join(*parts)), 0.35)


PRODUCTS_BY_SITE = {
    "reviews": None, "photography": ["a 35mm f/1.8", "a used Fuji X-T2", "a cheap ND filter", "the 70-200 f/4", "a carbon tripod", "a second-hand Leica lens"],
    "cooking": ["a Lodge cast iron pan", "an enamel Dutch oven", "a Japanese knife", "a cheap immersion blender", "a rice cooker", "a pressure cooker"],
    "baking": ["a digital scale", "a banneton", "a stand mixer", "a baking steel", "a proofing box", "an oven thermometer"],
    "cars": ["winter tyres", "a dash cam", "a battery charger", "a home wallbox", "a roof box", "new brake pads"],
    "gardening": ["a small greenhouse", "a battery mower", "raised bed kits", "a water butt", "a compost tumbler", "seed potatoes"],
    "gaming": ["the DLC", "a second controller", "the deluxe edition", "a cheap gaming headset", "an SSD for the console"],
    "music": ["a Focusrite interface", "a used Yamaha piano", "new strings", "a cheap condenser mic", "a looper pedal", "studio monitors"],
    "diy": ["a cordless drill", "a mitre saw", "a laser level", "a stud finder", "decent sandpaper", "a cheap multitool"],
    "pets": ["a GPS collar", "grain-free food", "an automatic litter box", "a crate", "a dog camera"],
    "travel": ["a rail pass", "a carry-on backpack", "a local SIM card", "travel insurance", "noise cancelling earbuds"],
    "health": ["a foam roller", "running shoes", "a heart-rate strap", "adjustable dumbbells", "a standing desk mat"],
    "finance": ["a budgeting app subscription", "an index fund with a 0.2% fee", "a robo-adviser", "a cashback credit card"],
    "parenting": ["a second-hand pram", "a baby monitor", "a car seat", "a balance bike", "a white noise machine"],
}
STORES = ["on Amazon", "at Costco", "at the local hardware store", "from the manufacturer's site", "second-hand on eBay", "at Aldi", "in the Black Friday sale",
          "through a Kickstarter", "at a market stall", "from a shop in town", "on Craigslist", "at IKEA", "from a friend", "at the airport, stupidly",
          "in the January sales", "on Willhaben", "from a refurbished store", "with a student discount"]


def small_price() -> str:
    return pick([f"${R.randint(15, 180)}", f"€{R.randint(15, 180)}", f"£{R.randint(10, 150)}", f"{R.randint(20, 150)} euros", f"{R.randint(20, 90)} quid"])


def price() -> str:
    amount = R.choice([R.randint(5, 99), R.randint(100, 999), R.randint(1000, 3500)])
    cents = maybe(0.3, "." + pick(["99", "95", "50", "49"]))
    return pick([f"${amount}{cents}", f"€{amount}{cents}", f"£{amount}{cents}", f"{amount} euros", f"{amount} CHF", f"{amount}{cents} EUR",
                 f"${amount:,}", f"about {amount} bucks", f"under {((amount // 100) + 1) * 100} quid"])


def ham_review(post: Post) -> str:
    """A reader's own verdict on something they bought: product names and prices, and nothing to sell."""
    pool = PRODUCTS_BY_SITE.get(post.site.name) or SITE_BY_NAME["reviews"].subjects
    product = pick(pool) if post.site.name in PRODUCTS_BY_SITE else pick(SITE_BY_NAME["reviews"].subjects)
    other = pick([x for x in (pool or [product]) if x != product] or ["the cheaper one"])
    bought = pick([
        f"I bought {product} {pick(STORES)} for {price()}", f"Paid {price()} for {product} {pick(STORES)}", f"Got {product} {pick(WHEN)}, {price()}",
        f"We've had {product} for {R.randint(2, 30)} {pick(['months', 'weeks'])} now", f"{cap(product)} was {price()} {pick(STORES)}",
        f"My {pick(['wife', 'husband', 'dad', 'sister', 'flatmate'])} gave me {product} for my birthday",
    ])
    verdicts = some([
        f"{pick(['Worth every penny', 'Not worth it at full price', 'Great value', 'Overpriced for what it is', 'Does the job', 'Honestly the best purchase this year'])}",
        f"the {pick(['battery', 'build', 'app', 'manual', 'packaging', 'warranty', 'customer service', 'sound', 'finish'])} is {pick(['excellent', 'terrible', 'fine', 'a joke', 'better than expected', 'the weak point'])}",
        f"{pick(['it broke after', 'still going strong after', 'it needed a repair after'])} {R.randint(2, 30)} {pick(['months', 'weeks'])}",
        f"compared to {other}, it's {pick(['better', 'worse', 'about the same', 'twice the price', 'half the weight'])}",
        f"the price went {pick(['up', 'down'])} to {price()} {pick(['since', 'last month', 'after the review'])}",
        f"I'd {pick(['buy it again', 'not buy it again', 'wait for the sale', 'get the cheaper version next time'])}",
        f"returns were {pick(['easy', 'a nightmare', 'free', 'slow but fine'])}",
    ], 1, 3)
    text = join(end(bought), *[end(cap(v)) for v in verdicts])
    if chance(0.2):
        text = join(text, pick(["Manufacturer page:", "The one I mean:", "Spec sheet:", "Review I trusted:"]), ham_link(post) if chance(0.5) else small_site_link(post))
    if chance(0.25):
        text = join(pick(["Good review.", "Agree with most of this.", f"Re: {term(post)},", "Adding my experience:", "Counterpoint:"]), text)
    return noise(text, 0.3)


QUOTE_FORMS = ["> {q}\n\n{r}", "\"{q}\"\n\n{r}", "<blockquote>{q}</blockquote>\n{r}", "{N} wrote: \"{q}\" {r}", "@{N}: \"{q}\" - {r}",
               "[quote={N}]{q}[/quote]\n{r}", "> {q}\n{r}", "Quote: {q}\n\n{r}", "\"{q}\" ({N}, above)\n{r}", "{N} said: {q}\n\n{r}",
               "<i>{q}</i><br />{r}", "&gt; {q}<br />{r}"]
QUOTE_RESPONSES = ["That's not true at all, {t} works fine for me.", "This. Exactly this.", "Source?", "I had the opposite experience.",
                   "Sort of, but only if you ignore {t}.", "Same here, and it took me ages to figure out.", "Not in my experience.",
                   "Which version are you on? That changed recently.", "I'd say the opposite, actually.", "Agreed, and {t} makes it worse.",
                   "Careful, that advice breaks things if you have {t}.", "Ha, I was about to write the same thing.", "Could you explain why?",
                   "Thank you, that fixed it for me too.", "I think you misread the post.", "That's what I thought too, until I tried it."]


def ham_quote_reply(post: Post) -> str:
    """A reply that quotes another reader (or the post) before answering it."""
    quoted = pick([lambda: reader_sentence(post), lambda: fill(pick(post.site.questions), post), lambda: fill(pick(OPINION), post),
                   lambda: fill(pick(post.site.tips), post), lambda: cap(fill(pick(QUOTE_RESPONSES), post))])()
    response = join(*[cap(fill(x, post)) for x in some(QUOTE_RESPONSES, 1, 2)], maybe(0.5, reader_sentence(post)))
    text = pick(QUOTE_FORMS).replace("{N}", pick(FIRST)).replace("{q}", quoted.strip()).replace("{r}", response)
    return noise(text, 0.25)


LOCAL_PLACES = ["the council office", "the town hall", "the library", "the lost property office", "the vet's emergency line", "the school office",
                "the non-emergency police line", "the bus company", "the guesthouse", "the ferry office", "the recycling centre", "the allotment secretary",
                "the tourist information", "the community centre", "the hospital switchboard", "the parish office", "the water company", "the landlord's agent"]


def local_phone() -> str:
    return pick([f"{R.randint(200, 989)}-555-01{R.randint(0, 99):02d}", f"(555) 01{R.randint(0, 99):02d}", f"01632 960{R.randint(0, 999):03d}",
                 f"+44 1632 960{R.randint(0, 999):03d}", f"0{R.randint(1, 9)}{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(10, 99)} {R.randint(10, 99)}",
                 f"+43 {R.randint(1, 699)} {R.randint(10000, 999999)}", f"+49 {R.randint(30, 89)} {R.randint(100000, 9999999)}", phone(False),
                 f"+30 {R.randint(2100, 2899)} {R.randint(100000, 999999)}", f"{R.randint(100, 999)} {R.randint(1000, 9999)}", f"ext. {R.randint(100, 999)}"])


def ham_phone_mention(post: Post) -> str:
    """A neighbour or a traveller passing on a number that helped them: no brand, nothing to sell."""
    place = pick(LOCAL_PLACES)
    number = local_phone()
    text = pick([
        f"If anyone needs it, {place} is on {number}, they were actually helpful.", f"You can call {place} directly: {number}. Ask for {pick(FIRST)}.",
        f"I rang {place} ({number}) this morning and they said {pick(['nothing is decided yet', 'the meeting is still on', 'it reopens in spring', 'to email instead'])}.",
        f"The number in the article is wrong, {place} is {number}.", f"{cap(place)} told me on the phone ({number}) that {term(post)} {pick(['is not affected', 'will change next year', 'is their decision, not ours'])}.",
        f"We booked by phone, {number}, {pick(['the owner speaks English', 'cash only', 'they close at six', 'nobody answers on Sundays'])}.",
        f"Don't bother with the website, just phone {place} on {number}.", f"Rang {number} about {post.subject} - {pick(['on hold for ages', 'answered straight away', 'no answer', 'voicemail'])}.",
    ])
    return noise(join(pick(["", "", "Useful to know:", "PSA:", f"@{pick(FIRST)}", "Update:"]), text, maybe(0.4, reader_sentence(post))), 0.3)


def ham_money(post: Post) -> str:
    """Money talk from readers of a finance, housing or family post: rates, balances, loans, real sums."""
    cur = pick(["$", "€", "£"])

    def amount() -> str:
        return f"{cur}{R.randint(1, 90)},{R.randint(0, 999):03d}" if chance(0.6) else f"{cur}{R.randint(50, 999)}"

    def rate() -> str:
        return f"{R.randint(0, 7)}.{R.randint(0, 99):02d}%" if chance(0.7) else f"{R.randint(0, 1)}.{R.randint(1, 9)}%"
    text = join(*[end(cap(x)) for x in some([
        f"we refinanced at {rate()} {pick(['last year', 'in 2021', 'just before rates went up', 'this spring'])}",
        f"I paid off {amount()} of {pick(['student loans', 'credit card debt', 'car loan', 'my mortgage'])} in {R.randint(2, 9)} years",
        f"my {pick(['ETF', 'index fund', 'pension fund', 'savings account'])} {pick(['charges', 'pays', 'returned'])} {rate()}",
        f"our {pick(['rent', 'mortgage payment', 'energy bill', 'childcare bill'])} went up by {amount()} a {pick(['month', 'year'])}",
        f"the bank offered me a {pick(['personal loan', 'credit line', 'mortgage'])} at {rate()} and I said no",
        f"I keep {pick(['three', 'six', 'four'])} months of expenses, about {amount()}, in cash",
        f"{pick(['Payday loans', 'Buy now pay later', 'Store cards', 'Car finance deals'])} are how my {pick(['brother', 'cousin', 'neighbour'])} got into trouble",
        f"with inflation at {rate()} the real return is {pick(['negative', 'close to zero', 'not great'])}",
        f"is {rate()} a good rate for {pick(['a fixed mortgage', 'a savings account', 'a car loan'])} right now?",
        f"the fees on my old fund were {rate()}, which cost me about {amount()} over ten years",
        f"our first flat cost {amount()}, which sounds unreal now",
    ], 1, 3)])
    return noise(join(pick(["", "", "Data point:", "For what it's worth,", "Good post.", "Our numbers:"]), text, maybe(0.3, reader_sentence(post))), 0.3)


LINKED_THINGS = {
    "tech": ["GitHub", "the repo", "the docs", "the GitLab issue", "the old Codeplex page", "the SourceForge mirror", "the NuGet package", "the changelog",
             "the release notes", "the sample project", "the gist", "the Stack Overflow answer", "the download page", "the nightly builds", "the wiki"],
    "other": ["the printable version", "the council's PDF", "the booking page", "the map", "the paper", "the original recipe", "the slides", "the recording",
              "the petition", "the shop you mentioned", "the photo gallery", "the timetable", "the planning documents", "the Google Drive folder", "the forum thread"],
}


def ham_link_talk(post: Post) -> str:
    """Readers talk about links without giving one: the link helped, the link is dead, is there a mirror."""
    thing = pick(LINKED_THINGS["tech" if post.site.tech and chance(0.8) else "other"])
    lnk = pick([f"the link to {thing}", f"your link to {thing}", f"the {pick(['second', 'last', 'first', 'download', 'sidebar'])} link", f"{thing}", f"the {thing.replace('the ', '')} link"])
    text = pick([
        f"{pick(['Thanks for', 'Cheers for', 'Thank you for', 'Appreciate'])} {pick(['the heads-up', 'the update', 'posting the fix', 'the warning', 'keeping this up to date', 'fixing it so fast', 'the follow-up'])}, {lnk} {pick(['helped a lot', 'was really useful', 'did the trick', 'saved me a search', 'was exactly it', 'was the missing piece'])}.",
        f"{cap(lnk)} {pick(['is broken', 'is dead now', 'gives a 404', 'goes to the wrong page', 'needs updating', 'asks me to log in', 'points to an old version'])}{pick(['.', ', could you fix it?', ' - found it via the archive instead.', ', FYI.', '!'])}",
        f"{cap(lnk)} {pick(['helped more than the whole manual', 'was what I needed', 'answered my question', 'is gold'])}{pick(['.', ', thanks!', ' :)', ''])}",
        f"Is there a mirror for {thing}? {cap(lnk)} {pick(['is down', 'times out', 'is blocked at work', 'no longer works'])}.",
        f"Could you add a link to {thing} in the post? {pick(['Took me a while to find it.', 'Would save people a search.', 'It is not obvious where to look.'])}",
        f"{pick(['Found', 'Got'])} it, {lnk} {pick(['moved', 'changed', 'was renamed'])} {pick(['last week', 'after the update', 'a while ago'])}. {pick(['Thanks anyway.', 'All good now.', 'Works again.'])}",
        f"{pick(['Good to know', 'Ah, that explains it', 'Makes sense now'])}. {cap(lnk)} {pick(['was very helpful', 'cleared it up', 'helped', 'was handy'])}.",
        f"I {pick(['bookmarked', 'printed', 'saved', 'forwarded'])} {lnk}, {pick(['the post itself is great too', 'it is the bit I keep coming back to', 'my team needed exactly that'])}.",
        f"{pick(['Where', 'How'])} did you find {thing}? I {pick(['looked everywhere', 'searched their site for an hour', 'only found the old one'])}.",
        f"{cap(lnk)} {pick(['opens a PDF', 'is a 40 MB download', 'is only in German', 'needs an account'])}, {pick(['just so people know', 'worth it though', 'fair warning'])}.",
        f"Someone should tell them {lnk} {pick(['is broken', 'points to the old domain', 'has been down since Friday'])}; I {pick(['mailed them', 'opened a ticket', 'tweeted at them'])}.",
        f"{pick(['Ta', 'Thanks', 'Cheers'])} - {lnk} {pick(['works again', 'is back up', 'has the newer version'])}.",
        f"Not sure {lnk} is the right one, {pick(['it talks about the old version', 'the dates do not match', 'mine looks different'])}.",
    ])
    return noise(join(pick(["", "", "", f"@{pick(FIRST)}", "Hi,", "Oh,"]), text), 0.35)


OWN_WHAT = ["wrote up", "blogged about", "made a small tool for", "recorded a short video on", "put a repo together for", "kept notes on",
            "wrote a follow-up on", "benchmarked", "did a photo diary of", "collected the sources for", "translated a guide on", "made a printable sheet for"]
OWN_WHY = ["in case it's useful", "if anyone wants the details", "with the mistakes I made along the way", "with numbers from our own setup",
           "mostly for my own memory", "because the official docs skip it", "with a different conclusion", "for the Windows side", "for beginners",
           "with the full config", "after fighting this for a week", "from a small team's point of view"]
OWN_AFTER = ["Feedback welcome.", "Corrections welcome, I'm sure I got something wrong.", "No ads, just notes.", "It's MIT licensed.",
             "Happy to take it down if linking is not OK here.", "Yours is clearer, mine has more detail.", "It's in German, sorry.",
             "I should update it for the new version.", "The comments there have some good tips too.", "It agrees with you on {t} and not on {s}."]


def ham_own_post_parts(post: Post, url: str) -> str:
    """A reader pointing to their own post on the same subject, built from parts: what, why, link, caveat."""
    link = own_post_link(url, post) if url else small_site_link(post)
    what = pick(OWN_WHAT)
    topic = pick([post.subject, term(post), f"{term(post)} and {term(post)}", f"the {pick(['same', 'opposite', 'older'])} approach"])
    lead = pick([
        f"I {what} {topic} {pick(['a while ago', 'last year', 'after reading your older post', 'in 2019', 'last month', 'this spring'])}, {pick(OWN_WHY)}: {link}",
        f"Same problem here, I {what} it: {link}", f"If it helps: {link} - I {what} {topic} {pick(OWN_WHY)}.",
        f"{cap(what.split()[0])}{' ' + ' '.join(what.split()[1:]) if len(what.split()) > 1 else ''} {topic} on my {pick(['blog', 'site', 'GitHub', 'wiki', 'old blog'])}: {link}",
        f"Shameless plug, but related: {link}", f"My {pick(['take', 'version', 'notes', 'write-up', 'attempt'])} on {topic}, {pick(OWN_WHY)}: {link}",
    ])
    text = join(pick(["", "", "Nice post.", "Great write-up.", "Good timing,", f"@{pick(FIRST)}", "Hi,", "Thanks for this."]), lead,
                *[fill(x, post) for x in some(OWN_AFTER, 0, 2)])
    return noise(text, 0.25)


SPUN_MORE = [
    "{Good|Nice|Great} {day|morning|evening}! {This|This post|This article} {could not|couldn't} be written {any better|much better}! {Reading|Looking through|Going through} this {post|article} reminds me of my {previous|old|good old} room mate! He {always|constantly|continually} kept {talking about|preaching about} this.",
    "{I've|I have} {learn|learned} {some|several|a few} {good|excellent} stuff here. {Definitely|Certainly} {worth|value|price} bookmarking for revisiting. I {wonder|surprise} how {much|so much|a lot} {effort|attempt} you {put|set|place} to {create|make} {this type of|this kind of|this sort of|such a|one of these|any such|the sort of} {great|wonderful|fantastic|magnificent|excellent} informative {site|web site|website}.",
    "{Admiring|Appreciating} the {time and effort|persistence|hard work|time and energy|dedication|commitment} you put into your {website|site|blog} and {detailed|in depth} information you {present|offer|provide}. It's {good|nice|great|awesome} to come across a blog every once in a while that isn't the same {old|outdated|unwanted} rehashed {information|material}.",
    "{Pretty|Very} {nice|great} {post|article|section|blog|portion}. I {simply|just} {stumbled upon|came across} your {weblog|blog} and {wanted|wished} to mention that I have {truly|really} {loved|enjoyed} {browsing|surfing around} your {blog|weblog} posts. {In any case|After all} {I'll|I will} be subscribing {in your|on your|for your|to your} {feed|rss feed} and I {hope|am hoping} you write {again|once more} {soon|very soon}!",
    "{Wonderful|Fantastic|Great|Excellent} {article|post|piece of writing}! {This is|That is} {the kind of|the type of} {information|info} {that are|that is} {supposed|meant} to be shared {around|across} the {web|internet|net}. {Disgrace|Shame} on {the|Google|the search engines} for {not|no longer} positioning this {post|put up} {upper|higher}!",
    "{Does your|Do you have a} {blog|site|website} have a contact page? I'm having {a tough time|problems|trouble} locating it but, I'd like to {send|shoot} you an {e-mail|email}. I've got some {creative ideas|recommendations|suggestions|ideas} for your blog you might be interested in hearing.",
    "{Write more|Keep writing}, thats all I have to say. {Literally|Honestly}, it seems as though you relied on the video to make your point. You {definitely|obviously|clearly} know what youre talking about, why {waste|throw away} your intelligence on just posting videos to your {blog|site|weblog} when you could be giving us something {enlightening|informative} to read?",
    "{I'm|I am} {curious|impressed} to find out what blog {system|platform} {you have been|you happen to be|you are|you're} {working with|utilizing|using}? I'm {experiencing|having} some {minor|small} security {problems|issues} with my latest {site|website|blog} and {I would|I'd} like to find something more {safe|risk-free|safeguarded|secure}.",
    "{Thank you|Thanks} {for the|for your} {auspicious|good|nice} writeup. It {in fact|actually} was a amusement account it. Look advanced to {far|more} added agreeable from you! {By the way|However}, how {can|could} we communicate?",
    "{Hello|Hi} there, {simply|just} {turned into|became|was|become|changed into} {aware of|alert to} your {blog|weblog} {thru|through|via} Google, and found that {it is|it's} {really|truly} informative. {I'm|I am} {gonna|going to} {watch out|be careful} for brussels. {I'll|I will} {appreciate|be grateful} {if you|should you|when you|in the event you|in case you|for those who|if you happen to} {continue|proceed} this {in future}.",
]


EVERYDAY = [
    "We moved house in {m} and the movers we picked off a flyer were {q}.", "I locked myself out last winter and the locksmith charged {sp} for two minutes' work.",
    "My dentist says the same thing about {t}, funnily enough.", "Went to the casino in {c} once for a stag do and lost {p} in an hour, never again.",
    "My daughter wrote her school essay on {s} and got a B.", "I met my wife on a dating site in 2009, so I'm not against them, but this is different.",
    "My doctor put me on ibuprofen and rest for the knee, not exactly exciting.", "The pharmacy near us closed, so now it's a 20 minute drive for anything.",
    "We had a plumber out for a leak last week, {sp} and the tap still drips.", "I did sports betting for a while in my twenties, glad I stopped.",
    "Our roof needed repairs after the storm and the insurance took {n} months to pay.", "I bought some bitcoin in 2017, sold too early, the usual story.",
    "Had an X-ray, then a specialist, then another specialist, and nobody could tell me much.", "My loan from the credit union was the only sane one.",
    "We got solar panels in {m}, payback is supposed to be {n} years.", "My mate does SEO for a living and even he says most of it is snake oil.",
    "The cleaner we hired through an app never showed up.", "The real estate agent tried to sell us on the view, the damp was the real story.",
    "Booked cheap flights for the trip and paid double in baggage fees.", "I had to hire a tutor for my son's maths, {sp} an hour.",
]


def ham_everyday(post: Post) -> str:
    """Readers' lives use the words spam uses (movers, dentist, casino, loan, pharmacy, flights): with no pitch, they are ham."""
    lines = [fill(x, post).replace("{m}", pick(MONTHS)).replace("{sp}", small_price()).replace("{p}", price()).replace("{n}", str(R.randint(2, 14))).replace(
        "{c}", pick(PLACES).title()).replace("{q}", pick(["great", "a disaster", "fine, if slow", "late but careful", "rude"])) for x in some(EVERYDAY, 1, 2)]
    text = join(pick(["", "", "Off topic, but", "Ha,", "This reminds me:", "Slightly related:", "Story time:"]), *lines,
                pick(["", reader_sentence(post), f"Anyway, back to {post.subject}.", "Sorry, bit of a tangent.", "Rant over."]))
    return noise(text, 0.3)


# ------------------------------------------------------------------------------------------------
# Spam: every shape found under blog posts. Each maker returns (text, niche); the niche decides the
# author, website field and e-mail a spammer of that kind fills in.

def spin(template: str) -> str:
    """Expand spintax ("{a|b|c}", nested), the way article-spinning tools write comment spam."""
    while True:
        inner = re.search(r"\{([^{}]*)\}", template)
        if not inner:
            return template
        template = template[: inner.start()] + pick(inner.group(1).split("|")) + template[inner.end():]


SPUN_PRAISE = [
    "{Hi|Hello|Hey there|Howdy|Good day|Greetings}{!|,|.} {I just|I simply|I} {wanted|would like|want} to {give you a|offer you a|say a} {huge|big|quick} {thumbs up|thank you|thanks} for {the|your} {great|excellent|wonderful|fantastic} {info|information|post|article} {you have|you've got|you've shared} {here|right here} on this {post|blog|site}.",
    "{I'm|I am} {really|truly|extremely} {impressed|amazed} {with|by} your {writing|blogging} {skills|abilities|talents} and also with the {layout|format|structure} on your {blog|weblog|site}.",
    "{Is this|Is that} a paid {theme|topic|subject} or did you {customize|modify} it yourself? {Anyway|Either way|Regardless} keep up the {nice|excellent|great} {quality|high quality} writing, it's {rare|uncommon} to see a {nice|great} blog like this one {these days|nowadays|today}.",
    "{Wow|Whoa|Wow, amazing}, {that's|this is} what I was {looking|searching|exploring} for, what a {stuff|information|data|material}! {present|existing} here at this {blog|webpage|website}, thanks admin of this {site|web site|website}.",
    "{Very|Really|Pretty} {nice|good|great} {post|article|write-up}. I {just|simply} stumbled upon your {blog|weblog} and {wanted|wished} to say that I have {really|truly} {enjoyed|loved} {browsing|surfing around} your blog posts. {After all|In any case} I'll be subscribing to your {feed|rss feed} and I hope you write again {soon|very soon}!",
    "{I've|I have} been {surfing|browsing} online more than {three|four|2} hours today, yet I never found any interesting article like yours. It's pretty worth enough for me. {In my opinion|Personally|In my view}, if all {webmasters|site owners} and bloggers made good content as you did, the {internet|net|web} will be {much more|a lot more} useful than ever before.",
    "{Thanks for|Thank you for} {sharing|posting} {such a|this} {fastidious|pleasant|nice|good} {idea|thinking|opinion}, {post|piece of writing|article} is {good|nice|fastidious}, thats why i have read it {completely|entirely|fully}.",
    "{Hello|Hi} {to every|to all}{one|}, {it's|its} {really|truly|in fact} a {nice|good|pleasant} for me to {visit|pay a visit|go to see|pay a quick visit} this {website|web site|site|web page}, it {contains|consists of|includes} {valuable|precious|important} Information.",
    "{Excellent|Great|Superb|Wonderful} {blog|weblog|site} {here|right here}! Also your {website|site|web site} {loads|so much|a lot} up {fast|very fast}! What {host|web host} are you {the use of|using}? Can I {am getting|get} your {affiliate|associate} {link|hyperlink} {for your|in your|to your} host? I {desire|wish} my {website|site|web site} loaded up as {fast|quickly} as yours lol",
    "{Keep|Keep on} {working|writing}, great job! {Appreciate|Really appreciate|I appreciate} {it|this}!",
    "{What's|Whats} up {everyone|all}, {this|here} is my {first|1st} {visit|pay a visit} {of|at} this {blog|weblog|website}; this {website|blog|web site} {contains|includes|carries|consists of} {amazing|remarkable|awesome} and {really|truly|actually} {good|fine|excellent} {stuff|data|information|material} {for|designed for|in support of} {readers|visitors}.",
    "{Undeniably|Unquestionably|Definitely} {believe|imagine|consider} that {that you|which you} {stated|said}. Your {favourite|favorite} {justification|reason} {appeared to be|seemed to be} {at the|on the} {net|web|internet} the {simplest|easiest} {thing|factor} to {keep in mind|remember|bear in mind} of.",
    "{Hey|Hi} {there|!} {would you|would you mind|do you mind} {sharing|stating|letting me know} which {blog platform|CMS} you're {working with|using}? I'm {planning|going} to start my own blog {in the near future|soon} but I'm having a {hard|difficult|tough} time {choosing|selecting|making a decision} between BlogEngine/Wordpress/B2evolution and Drupal.",
    "{It's|It is} {appropriate|perfect} time to make some plans for the future and {it's|it is} time to be happy. I {have|'ve} read this post and if I could I {want to|wish to|desire to} suggest you {few|some} interesting things or {advice|tips|suggestions}.",
    "{I was|I am} {recommended|suggested} this {blog|website|web site} {by|via} my cousin. {I am|I'm} not sure whether this post is written by him as {no one|nobody} else know such detailed about my {problem|difficulty|trouble}. {You are|You're} {amazing|wonderful|incredible}! Thanks!",
    "{Way cool|Cool}! {Some|Very} {extremely|very} valid points! I appreciate you {writing this|penning this} {article|post|write-up} {and the|and also the|plus the} rest of the {site is|website is} {also very|extremely|very|also really|really} good.",
    "{Hmm|Hello|Hi there} it {seems|appears|looks} like your {site|website|blog} ate my first comment (it was {super|extremely} long) so I guess I'll just sum it up what I {wrote|submitted|had written} and say, I'm thoroughly enjoying your blog.",
    "{I love|I really like|I enjoy} {reading|looking through} {a post|an article} that {will make|can make} {people|men and women} think. Also, {thanks for|thank you for} {allowing|permitting} me to comment!",
    "{Heya|Hey there|Hi|Hello} i'm for the first time here. I {came across|found} this board and I find It {truly|really} useful & it helped me out {a lot|much}. I hope to give something back and {help|aid} others like you {helped|aided} me.",
    "{Your style|Your way of describing|The way you explain} {is so|is really|is very} {unique|different} {compared to|in comparison to} other {people|folks} I have read stuff from. {Thanks for|Thank you for|Many thanks for} posting when you've got the opportunity, Guess I'll just {bookmark|book mark} this {page|site|web site|blog}.",
    "{Quality|Good quality} {posts|articles|content} is the {key|secret|important|main|crucial} to {attract|be a focus for|invite|interest} the {users|people|viewers|visitors} to {visit|go to see|pay a visit|pay a quick visit} the {website|site|web site|web page}, that's what this {website|site|web site|web page} is providing.",
    "{Great|Excellent|Good} {beat|blog} ! I would like to apprentice while you amend your {site|web site|website}, how {can|could} i subscribe for a blog {site|web site|website}? The account {helped|aided} me a {acceptable|appropriate|applicable} deal.",
    "{Magnificent|Wonderful|Great|Good|Excellent} {goods|items|points} from you, man. I have {take into account|keep in mind|remember} your stuff {prior to|previous to} and you're {just|simply} {too|extremely} {great|wonderful|fantastic}.",
]


def spun_praise(post: Post | None = None) -> str:
    text = join(*(spin(t) for t in some(SPUN_PRAISE + SPUN_MORE, 1, 3)))
    if post is not None and chance(0.2):
        text = join(spin("{Your post|This article|Your write-up} {about|on} ") + post.subject + spin(" {is great|is very informative|helped me a lot}."), text)
    return text


PRAISE_LINE = [
    "Great article, thanks for sharing!", "Very informative post.", "Nice blog, keep it up.", "This is a really helpful article.",
    "I really enjoyed reading this.", "Thanks for this wonderful information.", "Superb post, very detailed.", "Such a great read!",
    "Amazing content as always.", "Nice information, thank you.", "Very useful information, thanks for posting.", "Good job!",
    "I found this very helpful.", "Wonderful article, well explained.", "This post is really nice and informative.",
    "Thanks for sharing such valuable information.", "Your blog is very informative.", "Brilliant post, learned a lot.",
    "Good content, keep posting.", "Awesome article!", "Loved reading this post.", "Excellent information.",
    "Really appreciate the effort you put into this.", "Very nice and helpful article.", "This is exactly what I was looking for.",
]


def praise_line(post: Post) -> str:
    if chance(0.3):
        return pick([f"Great post about {post.subject}!", f"Thanks for sharing these {post.subject} tips.",
                     f"Really informative article on {post.subject}.", f"I was searching for {post.subject} and found your blog.",
                     f"Nice explanation of {post.subject}, very helpful.", f"Your {post.subject} guide is awesome."])
    return pick(PRAISE_LINE) if chance(0.6) else spin(pick(SPUN_PRAISE))


def anchor(url: str, words: str, style: str | None = None) -> str:
    """A link as a spammer writes it: bare, HTML with keyword anchor text, BBCode, or markdown."""
    full = url if url.startswith("http") else "http://" + url
    style = style or R.choices(["bare", "html", "bbcode", "markdown", "paren"], weights=[5, 4, 2, 1, 1])[0]
    if style == "html":
        return f'<a href="{full}"{maybe(0.4, " rel=" + chr(34) + "dofollow" + chr(34))}>{words}</a>'
    if style == "bbcode":
        return f"[url={full}]{words}[/url]" if chance(0.8) else f"[url]{full}[/url]"
    if style == "markdown":
        return f"[{words}]({full})"
    if style == "paren":
        return f"{words} ({url})"
    return url


SERVICE_PRODUCTS = {
    "support": ["antivirus software", "printer setup", "router installation", "email recovery", "tech support", "data recovery", "PC repair"],
    "travel": ["cheap flights", "holiday packages", "airline tickets", "luxury tours", "visa services", "car rental", "airport transfers", "cruise deals", "desert safari"],
    "home": ["movers and packers", "emergency plumbing", "24 hour locksmith", "roof repair", "teeth whitening", "dental implants", "carpet cleaning",
             "AC repair", "pest control", "kitchen remodeling", "solar panels", "interior painting", "luxury apartments", "real estate listings", "self storage", "gutter cleaning", "water damage restoration"],
    "web": ["SEO services", "web design", "digital marketing", "social media marketing", "app development", "link building", "Shopify development", "PPC management", "logo design", "content writing services"],
    "apps": ["mod apk", "IPTV subscription", "VPN", "free movie app", "Windows activation keys", "photo editing app", "spy app", "Instagram follower app"],
    "health": ["keto pills", "CBD gummies", "hair regrowth serum", "weight loss supplement", "blood sugar formula", "anti aging cream", "joint pain relief"],
    "goods": ["cheap jordans", "ugg boots", "replica watches", "designer handbags", "cheap nfl jerseys", "ray ban sunglasses", "moncler jackets", "louboutin shoes"],
}


SPAM_OPEN = ["Hello everyone,", "Hi all!", "Good day,", "Dear readers,", "Attention!", "Hello friends", "Greetings from " + "{place},", "Hey guys,",
             "Please read this.", "Sharing my testimony:", "Important:", "Wow.", "Hello admin,", "Hi there!", "Dear sir/madam,", "Good evening,"]
SPAM_CLOSE = ["Thank you.", "God bless!", "Contact us today.", "Hurry, limited offer!", "Don't miss out.", "Regards, " + "{name}",
              "Best regards.", "Available 24/7.", "Call or text anytime.", "Satisfaction guaranteed.", "100% legit.", "Thanks for reading!",
              "Share this with your friends.", "Act now!", "Visit today.", "Reply if interested."]


def spam_frame(text: str) -> str:
    """Greetings and sign-offs spammers wrap a pitch in, drawn independently of the pitch."""
    if chance(0.4):
        text = join(pick(SPAM_OPEN).replace("{place}", pick(PLACES).title()), text)
    if chance(0.4):
        text = join(text, pick(SPAM_CLOSE).replace("{name}", pick(FIRST)))
    return text


def sp_support_phone(post: Post) -> tuple[str, str]:
    family = pick(["antivirus", "printer", "accounting", "email", "router", "computer", "antivirus", "printer", "accounting", "email"])
    brand = pick(BRANDS[family])
    number = phone(True) if chance(0.85) else intl_phone()
    what = {
        "antivirus": ["installation", "activation", "renewal", "subscription cancellation", "virus removal", "login", "refund"],
        "printer": ["printer offline", "driver download", "wireless setup", "paper jam", "printer not printing", "scanner issues", "ink errors"],
        "accounting": ["payroll error", "error code H202", "error 6123", "company file issues", "installation", "update errors", "bank feed problems", "data migration"],
        "email": ["password reset", "account recovery", "login problems", "hacked account", "not receiving emails", "account settings", "SMTP settings"],
        "router": ["router setup", "firmware update", "wifi extender setup", "login issues", "slow internet", "router reset"],
        "computer": ["blue screen", "slow computer", "activation", "update failures", "virus", "driver problems"],
    }[family]
    issue = pick(what)
    desk = pick(["support phone number", "customer service number", "helpline number", "support number", "tech support number",
                 "customer support", "toll free number", "contact number", "help desk", "customer care number", "support team"])
    shape = R.randint(0, 9)
    if shape == 0:
        text = f"{brand} {desk} {number} {brand} {pick(['support', 'customer service', 'helpline'])} {number} call for {issue}"
    elif shape == 1:
        text = join(spin("{If you are|Are you} {facing|having|struggling with} {issues|problems|trouble} with") + f" {brand} {issue}?",
                    spin("{Just|Simply} {dial|call|contact} the") + f" {brand} {desk} {number}.",
                    spin("{Our|The} {certified|expert|experienced} {technicians|experts|team} {are available|work} {24/7|round the clock|24x7} to {help|assist} you."))
    elif shape == 2:
        steps = some([f"Open the {brand} app", "Restart your device", "Check the internet connection", "Uninstall and reinstall the software",
                      "Update to the latest version", "Clear the cache", "Run the diagnostic tool", "Sign out and sign back in"], 2, 4)
        text = join(f"How to fix {brand} {issue}:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)),
                    f"\nIf the problem persists call {brand} {desk} {number} for instant help.")
    elif shape == 3:
        text = join(praise_line(post), f"By the way, anyone having {brand} {issue} can call {number}, they solved my problem in minutes.")
    elif shape == 4:
        text = f"Call {number} for {brand} {issue} help. {pick(['Toll free', 'Available 24/7', 'Instant support', 'No wait time', 'Quick response'])}."
    elif shape == 5:
        text = join(f"{brand} {issue.title()} - {desk.title()}", f"\n{number}\n",
                    spin("{Get|Receive} {instant|quick|immediate} {help|support|assistance} {from|by} {experts|certified technicians}."))
    elif shape == 6:
        text = join(f"I was {pick(['stuck', 'so frustrated', 'worried'])} with my {brand} {issue} for days.",
                    f"Then I called {brand} {desk} at {number} and {pick(['they fixed it remotely', 'the agent was very helpful', 'it was solved in 10 minutes'])}.",
                    pick(["Highly recommended!", "Thank you so much.", "Great service.", ""]))
    elif shape == 7:
        text = join(f"Dial {number} {brand} {desk}.", f"{brand} {pick(what)}, {brand} {pick(what)}, {brand} {pick(what)}.",
                    f"Contact {brand} {desk} {number}.")
    elif shape == 8:
        text = join(f"{brand} is one of the best {family} {pick(['products', 'brands', 'services'])}.",
                    f"But sometimes users face issues like {issue} and {pick(what)}.",
                    f"To resolve them, contact {brand} {desk} {number} {pick(['anytime', 'today', 'now', 'for quick support'])}.")
    else:
        text = f"{brand.upper()} {desk.upper()} {number} ({issue}) {maybe(0.5, brand.upper() + ' HELP ' + number)}"
    if chance(0.25):
        text = join(text, anchor(spam_url("support"), f"{brand} {desk}"))
    return noise(text, 0.15), "support"


def sp_airline_phone(post: Post) -> tuple[str, str]:
    family = pick(["airline", "airline", "airline", "travel", "finance", "other"])
    brand = pick(BRANDS[family])
    number = phone(True)
    action = pick(["change a flight", "cancel a booking", "get a refund", "book a group ticket", "add extra baggage", "speak to a live person",
                   "reset my password", "recover my account", "dispute a payment", "cancel my subscription", "talk to a real agent", "upgrade my seat"])
    shape = R.randint(0, 7)
    if shape == 0:
        text = join(f"How do I {action} with {brand}?", f"To {action} with {brand}, call {number} {maybe(0.5, '(OTA) ')}and follow the prompts.",
                    f"You can also {pick(['use the app', 'visit the website', 'chat with an agent'])}, but calling {number} is the fastest way.")
    elif shape == 1:
        text = f"{brand} customer service {number} | {brand} {pick(['reservations', 'booking', 'manage booking', 'live agent'])} number {number}"
    elif shape == 2:
        text = join(f"Does {brand} have 24 hour customer service?", f"Yes, {brand} offers 24/7 support at {number}.",
                    spin("{Travellers|Customers|Passengers} {can|may} {call|dial} {anytime|at any hour} {for|to get} {help|assistance} with {bookings|reservations|refunds}."))
    elif shape == 3:
        text = join(praise_line(post), f"For {brand} {pick(['bookings', 'reservations', 'refunds', 'support'])} call {number}.")
    elif shape == 4:
        text = join(f"Want to {action}?", f"Dial {brand} phone number {number} {pick(['now', 'today', 'to talk to a live person', 'for the best deals'])}.")
    elif shape == 5:
        text = join(f"{'1' if chance(0.5) else '📞'} {number} - {brand} {pick(['official', 'customer', 'support'])} {pick(['line', 'number', 'helpline'])}.",
                    f"{pick(['Save up to 40% on', 'Get the cheapest', 'Book last minute'])} {pick(['flights', 'tickets', 'deals', 'fares'])} by calling {number}.")
    elif shape == 6:
        text = join(f"How can I talk to someone at {brand}?", f"{brand}'s live person line: {number}. Press {R.randint(0, 9)} to reach an agent.",
                    "Wait times are usually short.")
    else:
        text = join(f"Is {brand} {pick(['open', 'available'])} on {pick(['weekends', 'holidays', 'Sundays'])}?",
                    f"Yes! Call {number} {pick(['anytime', 'round the clock', '24/7'])}.")
    if chance(0.2):
        text = join(text, anchor(spam_url("travel"), f"{brand} {pick(['phone number', 'customer service', 'booking'])}"))
    return noise(text, 0.15), "travel"


PIVOTS = [
    "By the way,", "Also,", "Speaking of which,", "On a side note,", "If anyone is interested,", "BTW", "For those looking for",
    "I'd also recommend", "Similarly,", "Anyone who needs", "While we're on the subject,", "P.S.", "I also found", "Check out", "Related:",
    "I've been using", "My friend recommended", "You might also like", "Also worth a look:", "",
]


def sp_praise_pitch(post: Post) -> tuple[str, str]:
    niche = pick(["travel", "home", "web", "apps", "health", "goods", "loans", "support"])
    product = pick(SERVICE_PRODUCTS.get(niche, ["online loans", "quick cash", "personal loans"]))
    place = pick(PLACES).title()
    url = spam_url(niche)
    company = cap(pick(NICHES[niche])) + pick(["Pro", "Hub", "Expert", " Solutions", " Direct", "24", "Now"])
    if chance(0.35):
        # No link in the text: the website field carries it, or a name, a phone number or "click my name" does.
        ref = pick([company, f"{company} ({pick(['click my name', 'link in my profile', 'see my profile'])})", f"{company}, call {phone(chance(0.6))}",
                    f"{slug(company).replace('-', '')} dot com", "my website (click my name)", f"{company} on Google"])
    else:
        ref = anchor(url, pick([product, product + " " + place, company, url, "click here", "this site"]))
    pitch = pick([
        f"if you need {product} in {place}, {ref} is the best.", f"we offer professional {product} at affordable prices: {ref}",
        f"{ref} helped me a lot with {product}, worth checking.", f"I've been looking for {product} and found {ref}.",
        f"for {product} visit {ref}.", f"{product} - {ref}", f"our {product} {pick(['company', 'agency', 'team'])} in {place} can help: {ref}",
        f"get the best {product} deals at {ref}", f"I run a small {product} business, please check it: {ref}", ref,
        f"you can find more about {product} at {ref}.", f"anyone looking for {product} should try {ref}",
    ])
    text = join(praise_line(post), pick(PIVOTS), pitch)
    if chance(0.2):
        text = join(text, pick(["Thanks!", "Keep sharing.", "Regards", "Cheers!", "Thanks again for the great post."]))
    return noise(text, 0.2), niche


def sp_service_ad(post: Post) -> tuple[str, str]:
    niche = pick(["home", "home", "home", "web", "travel", "apps"])
    product = pick(SERVICE_PRODUCTS[niche])
    place = pick(PLACES).title()
    company = cap(pick(NICHES[niche])) + " " + pick(["Pros", "Experts", "Solutions", "Group", "Co.", "Services", "& Sons", "Hub", "Masters", "Plus"])
    url = spam_url(niche)
    number = phone(chance(0.5)) if chance(0.4) else ""
    text = pick([
        f"If anyone in {place} needs {product}, {company} did an amazing job for us last month. {anchor(url, company)}",
        f"Moving to {place}? {company} made our move stress free. Highly recommend! {anchor(url, product + ' ' + place)}",
        f"Looking for reliable {product}? {company} offers free quotes and same day service. Call {number or phone()} or visit {anchor(url, company)}",
        f"We had a {pick(['leak', 'broken lock', 'roof leak', 'toothache', 'mould problem', 'flooded basement'])} last week and {company} in {place} came within an hour. Great people: {anchor(url, company)}",
        f"Great tips! For professional help with {product} in {place}, {company} is the name to trust. {url}",
        f"Anyone thinking about {product}, get a quote from {company} first, they saved us a lot of money. {anchor(url, product)}",
        f"I'm a {pick(['realtor', 'dentist', 'plumber', 'web designer', 'SEO consultant', 'travel agent', 'app developer', 'mover'])} in {place} and I agree with this post. If you need {product}, feel free to contact me: {anchor(url, company)}",
        f"{company} - {product} in {place}. {pick(['Licensed and insured.', 'Free estimates.', '5 star rated.', '20 years of experience.', 'Best prices guaranteed.'])} {number} {url}",
        f"Thinking of buying property in {place}? Check the latest {product} at {anchor(url, 'our website')}, new listings every week.",
        f"This app changed my life: {anchor(url, product)}. Free download for Android and iOS.",
        f"Helpful article! I'd add that hiring {product} experts saves time. We at {company} {pick(['can help', 'offer free consultations', 'are always available'])}: {anchor(url, product)}",
    ])
    return noise(text, 0.15), niche


TECH_COURSES = ["Python", "Java", "Data Science", "AWS", "DevOps", "Selenium", "Full Stack", "React JS", "Angular", "Salesforce",
                "Digital Marketing", "Machine Learning", "Cyber Security", "Ethical Hacking", "SAP", "Power BI", "Azure", "Tableau",
                "Blockchain", "Web Design", "Hadoop", "Android", "iOS", ".NET", "PHP", "Software Testing"]
COURSE_CITIES = ["Chennai", "Bangalore", "Hyderabad", "Pune", "Noida", "Delhi", "Mumbai", "Kolkata", "Coimbatore", "Lahore", "Dubai", "Kochi"]


def sp_course(post: Post) -> tuple[str, str]:
    """Training-institute and development-agency spam: on a technical post it even sounds on topic."""
    topic = pick(TECH_COURSES)
    city = pick(COURSE_CITIES)
    url = spam_url("web")
    if chance(0.5):
        items = [f"{pick([topic, pick(TECH_COURSES)])} {pick(['training', 'course', 'online training', 'certification', 'classes', 'institute'])} {maybe(0.7, 'in ' + pick(COURSE_CITIES))}".strip()
                 for _ in range(R.randint(1, 6))]
        sep = pick([" | ", "\n", ", ", " || ", "<br>"])
        body = sep.join(anchor(spam_url("web"), it) if chance(0.4) else it for it in items)
        text = join(praise_line(post), maybe(0.5, pick(["Thanks for sharing.", "Keep posting.", "Very useful for learners."])), "\n" + body)
    else:
        text = pick([
            f"{praise_line(post)} We are the best {topic} training institute in {city} with 100% placement support. {anchor(url, topic + ' training in ' + city)}",
            f"Nice {pick(['tutorial', 'post', 'explanation'])}! If anyone wants to learn {topic} from experts, join our {pick(['online', 'weekend', 'classroom'])} batch: {anchor(url, topic + ' course')}",
            f"{praise_line(post)} Looking to hire {topic} developers? We are a leading {topic} development company in {city}. {anchor(url, 'hire ' + topic + ' developers')}",
            f"Thank you for this {post.subject} guide. Our {topic} certification course covers this and more, enrol now at {url}",
            f"Great information. {topic} is in high demand, get certified with {pick(['free demo class', 'placement assistance', 'live projects'])}: {anchor(url, topic + ' certification')}",
            f"Very informative blog for beginners. Also check our {topic} interview questions and answers at {url}",
            f"{praise_line(post)} Need a {pick(['website', 'mobile app', 'web app', 'ecommerce store'])}? {cap(pick(NICHES['web']))} Solutions builds them at low cost, call {intl_phone()}.",
        ])
    return noise(text, 0.15), "web"


def sp_visit_site(post: Post) -> tuple[str, str]:
    niche = pick(list(NICHES))
    url = spam_url(niche)
    text = pick([
        "Please visit my website {u}", "Check my blog {u} too!", "Nice post. Visit my site for more: {u}", "I also write about this, check my blog: {u}",
        "visit my web site {u} thanks", "Hi! Please check out my website {u} and give me your feedback.", "Great! Also visit my homepage {u}",
        "You can also visit my website, link in my name.", "Feel free to surf to my blog; {u}", "Feel free to visit my web-site ... {u}",
        "My site: {u}", "Here is my blog post: {u}", "Also visit my blog :: {u}", "Look into my website: {u}", "my homepage - {u}",
        "Here is my web site; {u}", "Stop by my web page - {u}", "Review my site - {u}", "Take a look at my homepage {u}",
        "Check out my web blog; {u}", "My page: {u}", "Also visit my webpage: {u}", "Here is my page {u}", "Visit {u} for more info.",
        "Kindly visit our website {u}", "Please click my name to visit my website.", "Dont forget to visit my site :)",
    ]).replace("{u}", anchor(url, pick([url, pick(NICHES[niche]), "my site", "website", "click here"])) if chance(0.3) else url)
    if chance(0.45):
        text = join(praise_line(post), text)
    text = spam_frame(text)
    return noise(text, 0.2), niche


def sp_backlink(post: Post) -> tuple[str, str]:
    niche = pick(["web", "web", "home", "travel", "health", "apps", "loans"])
    url = spam_url(niche, path=False)
    site = pick(["site", "blog", "website"])
    text = pick([
        f"Hi admin, I would like to write a guest post for your {site}. I can provide a unique, high quality article on any topic. Please reply to my email.",
        f"Do you accept guest posts or sponsored articles? We are ready to pay for a do-follow link. Contact: {url}",
        f"Hello, I am interested in a link exchange with your {site}. My website {url} has DA {R.randint(20, 70)}.",
        f"Can you please add a link to {url} in this article? It would be really useful for your readers. We can pay.",
        f"We provide high quality backlinks from DA {R.randint(30, 90)}+ sites at cheap prices. Boost your ranking now: {url}",
        f"Hi, I noticed your {site} has a broken link in this post. I have a similar resource you could link instead: {url}",
        f"I am a content writer and I want to contribute to your {site}. Kindly share your guest posting guidelines and price.",
        f"Dear webmaster, we are looking for {site}s in your niche to publish our articles. Paid opportunity, reply asap.",
        f"Your {site} has good traffic. Are you interested in selling ad space or a permanent backlink? Email me.",
        f"Looking for {site}s to collaborate with. I can offer {pick(['free content', 'a backlink from my site', 'money', 'a shoutout'])} in exchange for a mention. {url}",
        f"Want more traffic to your {site}? We get you on page 1 of Google in 30 days. {url}",
    ])
    if chance(0.3):
        text = join(praise_line(post), text)
    text = spam_frame(text)
    return noise(text, 0.1), niche


def sp_spun_praise(post: Post) -> tuple[str, str]:
    text = spun_praise(post)
    if chance(0.12):
        text = join(text, anchor(spam_url(pick(list(NICHES))), pick(["my site", "click here", "website", "read more"])))
    return noise(text, 0.15), pick(list(NICHES))


def sp_pharmacy(post: Post) -> tuple[str, str]:
    drug = pick(["viagra", "cialis", "levitra", "tramadol", "xanax", "oxycodone", "valium", "phentermine", "ambien", "generic viagra",
                 "sildenafil", "tadalafil", "adderall", "modafinil", "kamagra", "propecia", "clomid", "ivermectin", "soma", "klonopin", "ozempic"])
    url = spam_url("pharma")
    words = f"{pick(['buy', 'order', 'cheap', 'generic', 'discount', ''])} {drug} {pick(['online', 'no prescription', 'overnight', '100mg', ''])}".strip()
    text = pick([
        f"Buy {drug} online without prescription {anchor(url, words)}",
        f"Cheap {drug}, fast worldwide shipping, no prescription needed. {url}",
        f"{drug.upper()} {R.randint(30, 90)}% OFF!!! Order now at {url}",
        f"Best prices on {drug} and {pick(['cialis', 'xanax', 'valium', 'soma'])}, discreet delivery {anchor(url, words)}",
        f"Need {drug}? We ship overnight, pay with bitcoin {url}",
        f"Order {drug} {pick(['50mg', '100mg', '20mg', '10mg'])} online, lowest price guaranteed, {anchor(url, words)}",
        f"{words} {words} online pharmacy {anchor(url, words)}",
        f"Canadian pharmacy: {drug} for ${R.randint(0, 2)}.{R.randint(10, 99)} per pill {url}",
        f"{anchor(url, words)} {anchor(spam_url('pharma'), pick(['cialis', 'levitra', 'tramadol']) + ' online')}",
        f"{praise_line(post)} {anchor(url, words)}",
        f"Get {drug} delivered to your door, no doctor visit, {R.randint(10, 100)} pills free with every order. {url}",
        f"Where to buy {drug} safely? I ordered from {url} and it arrived in {R.randint(3, 9)} days.",
    ])
    text = spam_frame(text)
    return noise(text, 0.2), "pharma"


def sp_casino(post: Post) -> tuple[str, str]:
    game = pick(["online casino", "slots", "sports betting", "poker", "roulette", "blackjack", "online betting", "free spins", "live casino",
                 "slot gacor", "crash game", "aviator game", "fantasy sports", "cricket betting", "bitcoin casino", "lottery"])
    url = spam_url("gambling")
    text = pick([
        f"Best {game} site {R.randint(2019, 2026)}, {R.randint(100, 500)}% welcome bonus {anchor(url, game)}",
        f"I won ${R.randint(2, 90)},{R.randint(100, 999)} on {game} last night!! Try it {url}",
        f"Get {R.randint(20, 300)} free spins at the best {game}, no deposit required: {anchor(url, game)}",
        f"Play {game} and win real money now {url}", f"Top rated {game}, instant withdrawals, sign up bonus {anchor(url, game + ' bonus')}",
        f"Bet on tonight's match with our {game} app, use promo code WIN{R.randint(10, 999)} {url}",
        f"{praise_line(post)} {anchor(url, game)}",
        f"Looking for a trusted {game}? Check {anchor(url, 'this site')}, they pay out fast.",
        f"{game} {game} {game} terpercaya {url}", f"Daftar {game} terbaru, gampang menang! {url}",
        f"Tired of losing? Our {game} predictions are {R.randint(85, 99)}% accurate. Join the VIP group: {url}",
    ])
    text = spam_frame(text)
    return noise(text, 0.2), "gambling"


def sp_crypto(post: Post) -> tuple[str, str]:
    coin = pick(["bitcoin", "BTC", "ethereum", "crypto", "forex", "binary options", "USDT", "a new token", "solana", "NFTs"])
    who = pick(["Mr.", "Mrs.", "Dr.", "Expert", "Coach", "Prof."]) + " " + pick(LAST)
    contact = pick([
        f"WhatsApp {intl_phone()}", f"WhatsApp: {phone(False)}", f"email {slug(who.split()[1])}{pick(['trade', 'fx', 'invest', 'crypto'])}{R.randint(1, 99)}@{pick(['gmail.com', 'outlook.com', 'proton.me'])}",
        f"Telegram @{slug(who.split()[1])}{pick(['_fx', 'trades', 'official', 'invest'])}", f"visit {spam_url('crypto')}", f"t.me/{rand_id(9)}",
    ])
    text = join(
        pick([
            f"I invested ${R.randint(1, 20)},000 in {coin} with {who} and got back ${R.randint(25, 200)},000 in {R.randint(2, 8)} weeks.",
            f"Thanks to {who} my {coin} portfolio grew {R.randint(150, 900)}%.", f"Anyone still losing money on {coin} should contact {who}.",
            f"{cap(coin)} is the future, don't miss out!", f"Earn {R.randint(5, 40)}% daily profit trading {coin} with our automated bot.",
            f"Inflation is eating your savings. I started trading {coin} with {who} and now I earn ${R.randint(2, 30)},000 every week.",
            f"Guaranteed returns on {coin}, minimum deposit ${pick(['250', '500', '1000'])}.",
            f"This article is right about saving, but the real money is in {coin}. {who} changed my life.",
            f"My {pick(['husband', 'wife', 'brother', 'pastor', 'colleague'])} introduced me to {who}, a {coin} account manager. I started with ${R.randint(200, 3000)} and now I withdraw ${R.randint(2, 20)},000 every {pick(['week', 'month', 'fortnight'])}.",
            f"Stop saving in the bank! {cap(coin)} {pick(['mining', 'staking', 'copy trading', 'signals'])} pays {R.randint(10, 60)}% a week. I joined {R.randint(2, 9)} months ago.",
            f"Who else here trades {coin}? I was losing until I found {who}'s signals, now {R.randint(8, 19)} wins out of 20.",
            f"I never believed in online investment until {who} showed me how {coin} works. Withdrawals are fast and there are no hidden fees.",
        ]),
        pick(["Contact:", "Reach out on", "Message", "Reach", "Get in touch via", ""]), contact,
        pick(["", "Thank me later.", "Best decision I ever made.", "God bless you sir.", "Don't wait!", "He is legit!"]),
    )
    text = spam_frame(text)
    return noise(text, 0.2), "crypto"


def sp_fund_recovery(post: Post) -> tuple[str, str]:
    """'Recovery experts' and hackers for hire: a victim's story, a name to trust, a private contact."""
    team = pick(["Cyber", "Hack", "Spy", "Recovery", "Asset", "Digital", "Web", "Crypto", "Fund", "Trust", "Black", "Ghost"]) + pick(["Genie", "Wizard", "Pro", "Expert", "Hunter", "Spectre", "Shield", "Guru", "Tracker", "Claw", "Haven"]) + maybe(0.5, " " + pick(["Recovery", "Tech", "Services", "Solutions", "Team", "Bureau", "Agency"]))
    if chance(0.3):
        team = f"{pick(['Mr', 'Dr', 'Agent', 'Prof'])} {pick(LAST)}" + maybe(0.4, " of " + team)
    mail = f"{slug(team).replace('-', '')[:18]}{maybe(0.5, str(R.randint(1, 99)))}@{pick(['gmail.com', 'proton.me', 'mail.com', 'outlook.com', 'consultant.com', 'techie.com', 'cyberservices.com', 'hackermail.com'])}"
    lost = f"${R.randint(10, 450)},{R.randint(100, 999)}" if chance(0.6) else f"{R.randint(2, 40)} BTC" if chance(0.5) else f"{pick(['£', '€', 'CAD '])}{R.randint(5, 300)},000"
    how = pick(["a fake investment platform", "a crypto mining scheme", "a man I met on a dating app", "an online broker", "a fake exchange",
                "a forex 'account manager'", "a woman on Instagram who said she was a trader", "a phishing link", "a pig butchering scam", "a cloned wallet app"])
    story = pick([
        f"I lost {lost} to {how}.", f"I was scammed out of {lost} by {how}.", "My wallet was hacked last year and I thought my money was gone forever.",
        f"After losing {lost} to {how} I almost gave up.", f"In {pick(['2021', '2022', '2023', 'March', 'June', 'November'])} I invested {lost} with {how} and could never withdraw.",
        f"I want to share how I got back {lost} that I lost to {how}.", f"Beware of {how}! They took {lost} from my retirement savings.",
        f"My {pick(['mum', 'dad', 'husband', 'sister', 'uncle'])} was tricked by {how} and lost {lost}.",
    ])
    rescue = pick([
        f"Then I found {team}, who recovered everything in {R.randint(24, 96)} hours.", f"{team} helped me get all my funds back.",
        f"Thanks to {team} I got my {pick(['bitcoin', 'money', 'funds', 'savings', 'USDT'])} back.", f"A friend recommended {team} and they were legit.",
        f"I contacted {team} and within {R.randint(2, 10)} days the {pick(['funds', 'coins', 'money'])} were back in my wallet.",
        f"{team} traced the wallet and recovered {pick(['all of it', 'every penny', 'most of it', '90%'])}.",
        f"Everyone told me it was impossible until {team} proved them wrong.",
    ])
    contact = pick([mail, f"{mail} or WhatsApp {intl_phone()}", f"WhatsApp {phone(False)}", f"Telegram @{slug(team).replace('-', '_')[:20]}",
                    spam_url("crypto"), f"{mail} (mention my name)", f"text {intl_phone()}", f"their website {spam_url('crypto', path=False)}"])
    extra = pick(["", "", "They also hack phones and fix credit scores.", "They can also help with catching a cheating spouse.", "Don't suffer in silence.",
                  "They can also clear criminal records and recover Instagram accounts.", "Fast and confidential.", "I can't thank them enough."])
    order = R.random()
    if order < 0.6:
        text = join(story, rescue, pick(["If you have been scammed, contact them:", "Reach them on", "Email:", "Contact", "You can reach them via", "Write to"]), contact, extra)
    elif order < 0.85:
        text = join(pick(["Need a hacker?", "Hire a genuine hacker.", "Looking for a recovery expert?", "Lost money to scammers?", "Want to spy on a cheating partner?"]),
                    f"{team} {pick(['can help', 'is the best', 'never fails', 'is legit and fast'])}.", f"Contact: {contact}", extra)
    else:
        text = join(rescue, story.replace("I ", "I had ", 1) if chance(0.3) else story, f"{pick(['Email', 'Contact', 'Message'])} {contact}.")
    text = spam_frame(text)
    return noise(text, 0.15), "crypto"


def sp_testimonial(post: Post) -> tuple[str, str]:
    """Miracle testimonials: a spell caster, a herbal doctor or a lottery 'priest' who fixed a life,
    and a private address to write to (often spelt out so a filter misses it)."""
    healer = f"{pick(['Dr.', 'Dr', 'Doctor', 'Priest', 'Prophet', 'Baba', 'Mama', 'Lord'])} {pick(['Ogundele', 'Abuza', 'Osaze', 'Ekpen', 'Odion', 'Ajayi', 'Zamba', 'Okoro', 'Idemudia', 'Kalu', 'Eromosele', 'Azuka', 'Obinna', 'Lucky', 'Moses', 'Sakura'])}"
    local = slug(healer.split()[-1]) + pick(["spelltemple", "herbalhome", "spellcaster", "solution", "healinghome", "temple", "cure"]) + maybe(0.4, str(R.randint(1, 99)))
    mail_host = pick(["gmail", "yahoo", "outlook", "hotmail"])
    problem, result = pick([
        (f"My {pick(['husband', 'wife', 'boyfriend', 'girlfriend', 'fiance'])} left me for {pick(['another woman', 'another man', 'his secretary', 'my best friend'])} after {R.randint(2, 15)} years.",
         f"{healer} cast a love spell and within {pick(['24', '48', '72'])} hours {pick(['he', 'she'])} came back begging for forgiveness."),
        (f"I was diagnosed with {pick(['herpes', 'HPV', 'hepatitis B', 'diabetes', 'fibroids', 'ALS', 'COPD'])} {R.randint(2, 9)} years ago and doctors said there was no cure.",
         f"{healer}'s herbal medicine cured me completely in {R.randint(2, 6)} weeks, my last test came back negative."),
        (f"We tried to have a baby for {R.randint(3, 12)} years.", f"After {healer}'s fertility herbs I am now {R.randint(3, 8)} months pregnant."),
        (f"I played the lottery for {R.randint(5, 20)} years without winning anything.", f"{healer} gave me the numbers and I won ${R.randint(1, 9)},{R.randint(100, 999)},000."),
        ("My marriage was falling apart and my husband filed for divorce.", f"{healer} stopped the divorce with a reunion spell, we are happy again."),
        (f"My son was {pick(['addicted to drugs', 'in jail', 'failing school', 'sick for months'])}.", f"{healer} prayed and sent a spiritual bath and everything changed."),
    ])
    contact = pick([
        f"email him at {local}@{mail_host}.com", f"Email: {local} at {mail_host} dot com", f"contact him on WhatsApp {intl_phone()}",
        f"his email is {local}@{mail_host}.com or call {intl_phone()}", f"visit his website {spam_url('health', path=False)}",
        f"write to {local}(@){mail_host}(.)com", f"WhatsApp/Viber {intl_phone()}",
    ])
    opener = pick(["", "", "I want to testify about the good work of " + healer + ".", "This is a true story.", "Hello everyone,",
                   "I never believed in spells until now.", "Please read my testimony.", "God bless this page."])
    closer = pick(["", "He is real and powerful.", "Don't give up, there is hope.", "Thank you " + healer + "!", "He can also help with lottery, jobs and court cases.",
                   "You will testify like me.", "He never fails."])
    order = R.random()
    if order < 0.6:
        text = join(opener, problem, result, f"{pick(['If you need help', 'For any problem', 'If you are going through the same', 'Contact him'])}, {contact}.", closer)
    elif order < 0.85:
        text = join(result, problem, f"{cap(contact)}.", closer)
    else:
        text = join(opener, result, f"{cap(contact)}.")
    return noise(text, 0.2), "health"


def sp_essay(post: Post) -> tuple[str, str]:
    url = spam_url("essay")
    kind = pick(["essay", "assignment", "dissertation", "thesis", "homework", "research paper", "term paper", "nursing assignment", "coursework", "case study"])
    text = pick([
        f"Struggling with your {kind}? Our expert writers deliver in {R.randint(3, 48)} hours. {anchor(url, kind + ' writing service')}",
        f"Need help with {kind}? Visit {anchor(url, kind + ' help')}, plagiarism free, {R.randint(10, 30)}% off first order.",
        f"{praise_line(post)} Students can get {kind} help from {anchor(url, 'professional writers')}.",
        f"Pay someone to do my {kind}? {url} is the best {kind} help in {pick(['UK', 'USA', 'Australia', 'Canada'])}.",
        f"Best {kind} writing service: {anchor(url, 'write my ' + kind)}. PhD writers, 24/7 support, money-back guarantee.",
        f"I used {url} for my {kind} and got an A! Highly recommend for students.",
        f"Get top quality {kind} writing help at affordable prices. {anchor(url, 'cheap ' + kind + ' writing')}",
    ])
    text = spam_frame(text)
    return noise(text, 0.15), "essay"


def sp_dating(post: Post) -> tuple[str, str]:
    url = spam_url("dating")
    city = pick(PLACES).title()
    text = pick([
        f"Hot singles in your area are waiting for you {url}", f"Lonely tonight? Meet real girls near you {anchor(url, 'free dating')}",
        f"I'm {R.randint(19, 29)} and bored, see my private photos {url}", f"Independent escorts in {city}, 100% genuine photos. {anchor(url, city + ' escorts')}",
        f"Call girls {city} - VIP models available 24/7, {phone(False) if chance(0.5) else intl_phone()}", f"Hi dear, I saw your comment and I like you. Write me at {pick(FIRST).lower()}{R.randint(80, 99)}@{pick(['mail.ru', 'yahoo.com', 'gmail.com'])}",
        f"{praise_line(post)} {anchor(url, city + ' call girls')}", f"Find your soulmate today! Free sign up {url}",
        f"Looking for a sugar daddy? {anchor(url, 'sugar dating')} - thousands of members in {city}.", f"Beautiful women want to chat with you now {url}",
    ])
    text = spam_frame(text)
    return noise(text, 0.25), "dating"


def sp_loans(post: Post) -> tuple[str, str]:
    url = spam_url("loans")
    amount = f"${R.randint(1, 50)},000" if chance(0.6) else f"${R.randint(100, 900)}"
    text = pick([
        f"Need cash fast? Get up to {amount} today, bad credit OK. {anchor(url, 'payday loans')}",
        f"Are you in need of a loan? We offer loans at {R.randint(2, 3)}% interest rate. Contact us via email: {pick(LAST).lower()}loanfirm{R.randint(1, 99)}@gmail.com",
        f"Instant approval personal loans up to {amount}, no credit check {url}",
        f"{praise_line(post)} If you need a quick loan, {anchor(url, 'apply online')} in 5 minutes.",
        f"I got a loan of {amount} from {pick(LAST)} Finance after banks refused me. Contact them on WhatsApp {intl_phone()}.",
        f"Title loans, car loans, business loans: {anchor(url, 'get approved today')}",
        f"Debt consolidation made easy. Lower your payments by {R.randint(20, 60)}%. {url}",
    ])
    text = spam_frame(text)
    return noise(text, 0.2), "loans"


def sp_replica(post: Post) -> tuple[str, str]:
    product = pick(SERVICE_PRODUCTS["goods"] + ["air jordan " + str(R.randint(1, 23)), "nike air max", "ugg classic tall", "canada goose jacket"])
    url = spam_url("goods")
    text = pick([
        f"{praise_line(post)} {anchor(url, product, 'html')} I will come back again.",
        f"Thread! I'm not agree your point of view, but totally approve your idea! {anchor(url, product)} Everyone has a dream.",
        f"Good article. {anchor(url, product)} Someone makes dreams reality, another leaves them dreams.",
        f"{anchor(url, product)} {anchor(spam_url('goods'), pick(SERVICE_PRODUCTS['goods']))} {anchor(spam_url('goods'), pick(SERVICE_PRODUCTS['goods']))}",
        f"Never better evaluation than this article, {anchor(url, product, 'html')}. I am very pleased I read it by accident.",
        f"Thanks for your sharing. {product} sale, {R.randint(40, 80)}% off: {url}",
        f"I like your blog. {anchor(url, product)}, {anchor(spam_url('goods'), product + ' outlet')} and free shipping.",
    ])
    text = spam_frame(text)
    return noise(text, 0.2), "goods"


FOREIGN_SPAM = [
    ("ru", "Отличная статья! Кстати, лучшие {x} у нас: {u}", ["онлайн казино", "кредиты без отказа", "ставки на спорт", "дипломы", "seo продвижение"]),
    ("ru", "Купить {x} недорого с доставкой по всей России {u}", ["диплом", "права", "виагру", "аккаунты", "трафик"]),
    ("ru", "Зарабатывай от 5000 рублей в день! {x} {u}", ["без вложений", "на автомате", "с телефона"]),
    ("zh", "最好的{x}网站，注册即送奖金 {u}", ["在线赌场", "体育博彩", "百家乐"]),
    ("zh", "专业{x}，价格优惠，欢迎咨询 {u}", ["SEO优化", "代写论文", "网站建设"]),
    ("id", "Situs {x} terpercaya, gampang menang! Daftar sekarang {u}", ["slot gacor", "judi online", "togel online", "poker online"]),
    ("id", "Jasa {x} murah dan berkualitas, hubungi kami {u}", ["backlink", "pembuatan website", "SEO"]),
    ("de", "Toller Beitrag! Wer günstige {x} sucht, sollte hier schauen: {u}", ["Kredite ohne Schufa", "Umzugsfirmen", "Online Casinos", "Potenzmittel", "Backlinks"]),
    ("de", "{x} sofort und diskret bestellen {u}", ["Viagra", "Führerschein", "Abnehmpillen"]),
    ("fr", "Super article ! Pour des {x} pas chers, visitez {u}", ["crédits rapides", "paris sportifs", "rencontres", "voyance en ligne"]),
    ("fr", "Voyance gratuite par téléphone, {x} {u}", ["réponse immédiate", "sans attente", "voyant sérieux"]),
    ("es", "¡Excelente artículo! Los mejores {x} están aquí: {u}", ["préstamos rápidos", "casinos online", "apuestas deportivas", "seguidores"]),
    ("pt", "Ótimo post! Confira {x} em {u}", ["apostas esportivas", "empréstimo rápido", "seguidores baratos"]),
    ("tr", "En iyi {x} siteleri burada {u}", ["bahis", "casino", "escort", "takipçi satın al"]),
    ("pl", "Najlepsze {x} tylko u nas {u}", ["kasyno online", "pożyczki bez bik", "pozycjonowanie stron"]),
    ("vi", "Nhà cái {x} uy tín nhất, đăng ký ngay {u}", ["cá cược", "casino", "bóng đá"]),
    ("it", "Ottimo articolo! I migliori {x} qui: {u}", ["prestiti veloci", "casinò online", "scommesse"]),
    ("nl", "Goede tips! Voor goedkope {x} kijk op {u}", ["leningen", "verhuizers", "backlinks"]),
]


def sp_foreign(post: Post) -> tuple[str, str]:
    _lang, template, things = pick(FOREIGN_SPAM)
    niche = pick(["gambling", "loans", "web", "pharma", "dating"])
    text = template.replace("{x}", pick(things)).replace("{u}", anchor(spam_url(niche), pick(things)) if chance(0.3) else spam_url(niche))
    if chance(0.2):
        text = join(text, "\n" + pick(FOREIGN_SPAM)[1].replace("{x}", pick(things)).replace("{u}", spam_url(niche)))
    return noise(text, 0.1), niche


def sp_anchor_list(post: Post) -> tuple[str, str]:
    niche = pick(list(NICHES))
    kws = list(SERVICE_PRODUCTS.get(niche, [])) + [f"{pick(SELL)} {w}" for w in NICHES[niche]]
    style = pick(["html", "html", "bbcode", "markdown", "bare"])
    n = R.randint(2, 9)
    if chance(0.5):
        # Most link lists are one money site's pages, each under its own keyword anchor.
        site = spam_url(niche, path=False).rstrip("/")
        links = [anchor(f"{site}/{slug(kw)}{pick(['.html', '/', '.php', ''])}", kw, style) for kw in (pick(kws) for _ in range(n))]
    else:
        links = [anchor(spam_url(niche), pick(kws), style) for _ in range(n)]
    sep = pick([" ", "\n", ", ", " | ", "<br />", "\n\n"])
    text = sep.join(links)
    if chance(0.4):
        text = join(pick([praise_line(post), spin(pick(SPUN_PRAISE)), "Useful links:", "Related sites:", "hello!", "Look here:", "Good info"]), text)
    return noise(text, 0.05), niche


def sp_stuffing(post: Post) -> tuple[str, str]:
    niche = pick(list(SERVICE_PRODUCTS))
    kw = pick(SERVICE_PRODUCTS[niche])
    place = pick(PLACES)
    n = R.randint(3, 9)
    sep = pick([" ", " ", ", ", ", ", " | ", "; ", "\n"])
    text = sep.join(pick([kw, f"{kw} {place}", f"best {kw}", f"{kw} near me", f"cheap {kw}", f"{kw} {R.randint(2020, 2026)}", f"top {kw} company",
                          f"affordable {kw}", f"{kw} for sale", f"{kw} {place} prices", f"{pick(SERVICE_PRODUCTS[niche])} {place}"]) for _ in range(n))
    # Many stuffers leave the link to the website field (see make_row) and paste only the phrases.
    if chance(0.5):
        text = join(text, anchor(spam_url(niche), kw))
    return noise(text, 0.1), niche


# ------------------------------------------------------------------------------------------------
# Spam families assembled from independent parts (a hook, the offer, proof, terms, how to reach
# them, a sign-off), in a random order and number, beside the fixed shapes above: the offer and the
# way out of the page are what the families share, not a sentence.

def contact_route(niche: str, name: str = "") -> str:
    """How a spammer asks to be reached: a link, a phone, a messenger, an address, or their name."""
    handle = slug(name or pick(LAST)).replace("-", "_")[:16] or rand_id(8)
    if chance(0.55):  # most of them still want the click
        return pick([spam_url(niche), anchor(spam_url(niche), pick(SERVICE_PRODUCTS.get(niche) or NICHES[niche])), f"{spam_url(niche)} {pick(['', '(official)', '- click', 'now'])}".strip()])
    return pick([
        spam_url(niche), spam_url(niche), anchor(spam_url(niche), pick(SERVICE_PRODUCTS.get(niche) or NICHES[niche])),
        f"WhatsApp {intl_phone()}", f"WhatsApp/Telegram: {intl_phone()}", f"Telegram @{handle}{R.randint(1, 99)}", f"t.me/{handle}",
        f"{handle}{R.randint(1, 999)}@{pick(['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com', 'mail.ru'])}", f"call {phone(chance(0.5))}",
        f"text {phone(False)}", "click my name", "the link in my profile", f"wa.me/{R.randint(100000000, 999999999)}",
    ])


def assemble(head: Sequence[str], middle: Sequence[str], tail: Sequence[str], lo: int = 1, hi: int = 3) -> str:
    """One pick from head, lo..hi from middle in random order, one from tail; blanks dropped."""
    return join(pick(head), *some(middle, lo, hi), pick(tail))


DRUGS = ["viagra", "cialis", "levitra", "tramadol", "xanax", "oxycodone", "valium", "phentermine", "ambien", "sildenafil", "tadalafil",
         "adderall", "modafinil", "kamagra", "propecia", "clomid", "ivermectin", "soma", "klonopin", "ozempic", "semaglutide", "finasteride",
         "accutane", "lorazepam", "gabapentin", "hydrocodone", "priligy", "zolpidem", "armodafinil", "codeine syrup"]


def sp_pharmacy_parts(post: Post) -> tuple[str, str]:
    drug, other = R.sample(DRUGS, 2)
    dose = pick(["10mg", "20mg", "50mg", "100mg", "200mg", "0.5mg", "2mg", "5mg"])
    text = assemble(
        ["", "", praise_line(post), "Attention men!", "Looking for meds?", f"{cap(drug)} {dose}", "Hello,", "Best online pharmacy 2025:", "No doctor? No problem."],
        [f"Buy {drug} {dose} online {pick(['without prescription', 'no Rx needed', 'with overnight delivery', 'at wholesale price'])}.",
         f"Generic {drug} from {pick(['India', 'Canada', 'a licensed EU pharmacy', 'the original manufacturer'])}, {pick(['same as brand', 'FDA approved', 'tested quality', '100% original'])}.",
         f"Only ${R.randint(0, 3)}.{R.randint(10, 99)} per pill, {R.randint(10, 90)} pills free with every order.", f"{cap(other)} and {drug} in stock, discreet packaging.",
         f"We accept {pick(['bitcoin', 'PayPal', 'Visa and Mastercard', 'USDT', 'Western Union'])}.", f"{R.randint(20, 85)}% off this week only.",
         f"Shipping to {pick(['USA', 'UK', 'Australia', 'all of Europe', 'worldwide'])} in {R.randint(2, 14)} days.", "Satisfaction or money back.",
         f"Also {pick(DRUGS)}, {pick(DRUGS)} and {pick(DRUGS)} available."],
        [f"Order here: {contact_route('pharma')}", f"{anchor(spam_url('pharma'), drug + ' ' + pick(['online', 'no prescription', dose]))}", f"Visit {spam_url('pharma')}",
         f"Contact {contact_route('pharma')}", spam_url("pharma")], 1, 3)
    return noise(text, 0.2), "pharma"


GAMES = ["online casino", "slots", "sports betting", "poker", "roulette", "blackjack", "live casino", "slot gacor", "crash game", "aviator",
         "cricket betting", "bitcoin casino", "lottery", "esports betting", "baccarat", "fantasy football", "keno", "teen patti", "toto"]


def sp_casino_parts(post: Post) -> tuple[str, str]:
    game = pick(GAMES)
    text = assemble(
        ["", "", praise_line(post), f"Best {game} of {R.randint(2022, 2026)}!", "Want to win big?", "Bored at home?", "Hi friends,", f"NEW {game.upper()} SITE"],
        [f"{R.randint(100, 500)}% welcome bonus plus {R.randint(20, 300)} free spins.", f"Withdrawals in {R.randint(5, 59)} minutes, {pick(['no KYC', 'no limits', 'no fees'])}.",
         f"Licensed in {pick(['Curacao', 'Malta', 'Anjouan'])}, trusted by {R.randint(10, 900)},000 players.", f"Use promo code {pick(['WIN', 'BONUS', 'VIP', 'LUCKY'])}{R.randint(10, 999)}.",
         f"I won ${R.randint(1, 90)},{R.randint(100, 999)} last {pick(WEEKDAYS)} on {game}.", f"Minimum deposit only ${pick(['1', '5', '10'])}.",
         f"Our {game} predictions hit {R.randint(80, 99)}% this month.", "Pay with crypto, UPI, or card.", f"Daily {game} tournaments with real cash prizes."],
        [f"Play now: {contact_route('gambling')}", anchor(spam_url("gambling"), game), f"Join: {spam_url('gambling')}", f"Sign up at {spam_url('gambling')}",
         f"VIP group: {contact_route('gambling')}"], 1, 3)
    return noise(text, 0.2), "gambling"


def sp_dating_parts(post: Post) -> tuple[str, str]:
    city = pick(PLACES).title()
    name = pick(["Anna", "Katya", "Lola", "Mia", "Sveta", "Jessy", "Bella", "Nikki", "Rose", "Lily", "Sasha", "Dasha"])
    text = assemble(
        ["", "Hi dear,", "Hello handsome,", f"Hey, I'm {name}.", "Are you lonely?", praise_line(post), f"{city} escorts", "Tired of being alone?", "Hi :)"],
        [f"I'm {R.randint(19, 31)}, {pick(['new in town', 'from ' + city, 'single', 'a student', 'looking for fun'])}.",
         f"{pick(['Independent', 'VIP', 'High class', 'Genuine'])} {pick(['escorts', 'call girls', 'companions', 'models'])} in {city}, {pick(['real photos', '24/7', 'incall and outcall', 'hotel visits'])}.",
         f"{pick(['Thousands of', 'Real', 'Verified'])} singles {pick(['near you', 'in ' + city, 'online now'])} want to {pick(['chat', 'meet tonight', 'video call'])}.",
         "See my private photos.", "No credit card needed.", f"Sugar daddies welcome, {pick(['allowance', 'arrangements', 'gifts'])} discussed privately.",
         f"Rates from ${R.randint(80, 400)}.", "Discreet and safe.", "I answer everyone who writes."],
        [f"Write me: {contact_route('dating', name)}", f"Find me here {spam_url('dating')}", anchor(spam_url("dating"), city + " " + pick(["escorts", "dating", "call girls"])),
         f"Call {phone(False) if chance(0.5) else intl_phone()}", f"Profile: {spam_url('dating')}"], 1, 3)
    return noise(text, 0.25), "dating"


def sp_loans_parts(post: Post) -> tuple[str, str]:
    lender = f"{pick(LAST)} {pick(['Finance', 'Loan Firm', 'Capital', 'Credit', 'Lending', 'Funding'])}"
    amount = f"${R.randint(1, 90)},000" if chance(0.6) else f"{pick(['£', '€', '$'])}{R.randint(200, 9000)}"
    text = assemble(
        ["", "Do you need a loan?", "Are you in debt?", praise_line(post), "Attention!", "Financial freedom is here.", f"Hello, I'm {person()}.", "Good news!"],
        [f"{lender} offers {pick(['personal', 'business', 'student', 'mortgage', 'car', 'payday'])} loans up to {amount}.",
         f"Interest rate only {R.randint(1, 3)}%{maybe(0.5, ' per annum')}.", f"{pick(['Bad credit', 'No credit check', 'No collateral', 'Unemployed'])} {pick(['OK', 'accepted', 'no problem'])}.",
         f"Approval in {R.randint(5, 60)} minutes, money in your account {pick(['today', 'within 24 hours', 'same day'])}.",
         f"Banks refused me but {lender} gave me {amount} in {R.randint(1, 3)} days.", f"Repay over {R.randint(1, 30)} years.",
         f"Debt consolidation: cut your payments by {R.randint(20, 70)}%.", "Legit and registered."],
        [f"Contact {lender}: {contact_route('loans', lender)}", f"Apply: {spam_url('loans')}", anchor(spam_url("loans"), pick(["payday loans", "apply online", "fast cash", "loans"])),
         f"Email {slug(lender).replace('-', '')}{R.randint(1, 99)}@gmail.com", f"WhatsApp {intl_phone()}"], 1, 3)
    return noise(text, 0.2), "loans"


def sp_essay_parts(post: Post) -> tuple[str, str]:
    work = pick(["essay", "assignment", "dissertation", "thesis", "homework", "research paper", "term paper", "nursing assignment", "coursework",
                 "case study", "lab report", "personal statement", "online exam", "capstone project"])
    text = assemble(
        ["", praise_line(post), "Students!", f"Stuck with your {work}?", "Deadline tomorrow?", "Hello everyone,", "Need help with college?"],
        [f"Our {pick(['PhD', 'native', 'expert', 'UK', 'US'])} writers do any {work} in {R.randint(3, 48)} hours.",
         f"{pick(['Plagiarism free', '100% original', 'Turnitin safe', 'AI free'])}, {pick(['unlimited revisions', 'money back guarantee', 'free title page'])}.",
         f"{R.randint(10, 40)}% off your first order with code {pick(['FIRST', 'STUDENT', 'A+'])}{R.randint(10, 99)}.",
         f"Any subject: {', '.join(some(['nursing', 'law', 'MBA', 'economics', 'history', 'programming', 'statistics', 'psychology'], 2, 4))}.",
         f"Prices from ${R.randint(7, 19)} per page.", f"I got an A on my {work} thanks to them.", "We also take online classes for you.", "24/7 chat support."],
        [anchor(spam_url("essay"), pick(["write my " + work, work + " help", "cheap " + work + " writing", "do my homework"])), f"Order: {spam_url('essay')}",
         f"Visit {spam_url('essay')}", f"Contact {contact_route('essay')}"], 1, 3)
    return noise(text, 0.15), "essay"


def sp_backlink_parts(post: Post) -> tuple[str, str]:
    site = pick(["site", "blog", "website", "page"])
    metric = pick([f"DA {R.randint(20, 90)}", f"DR {R.randint(20, 90)}", f"{R.randint(2, 900)}k monthly traffic", f"PA {R.randint(20, 60)}", f"TF {R.randint(10, 50)}"])
    text = assemble(
        ["Hi admin,", "Dear webmaster,", "Hello,", "Hi there,", praise_line(post), "Dear blog owner,", "Hey,"],
        [f"I would like to {pick(['publish a guest post', 'buy a sponsored post', 'place a link', 'do a link exchange'])} on your {site}.",
         f"My {site} has {metric}.", f"We pay ${R.randint(20, 300)} per {pick(['post', 'link', 'article'])}{maybe(0.5, ' via PayPal')}.",
         f"The article will be {pick(['unique', 'high quality', 'written by our team', '1000+ words'])} and {pick(['relevant to your niche', 'SEO friendly', 'include one do-follow link'])}.",
         f"Please share your {pick(['price', 'guidelines', 'rates', 'terms'])}.", f"We also sell {pick(['backlinks', 'PBN links', 'edu links', 'niche edits'])} from {metric} sites.",
         "Reply to my email if interested.", f"Could you add {spam_url('web', path=False)} to this post as a resource?"],
        ["", f"Regards, {person()}", f"Contact: {contact_route('web')}", spam_url("web", path=False), "Waiting for your reply."], 2, 4)
    return noise(text, 0.1), "web"


def sp_visit_parts(post: Post) -> tuple[str, str]:
    niche = pick(list(NICHES))
    url = spam_url(niche)
    where = anchor(url, pick([url, pick(NICHES[niche]), "my site", "website", "here"])) if chance(0.3) else url
    text = assemble(
        ["", "", praise_line(post), spin(pick(SPUN_PRAISE)), "Nice!", "Hello!", "Good one."],
        [f"{pick(['Visit', 'Check', 'Look at', 'Have a look at', 'Stop by', 'Take a peek at', 'Feel free to surf to', 'Also visit'])} my {pick(['website', 'blog', 'site', 'web page', 'homepage', 'web site'])}{pick([':', '', ' -', ';', ' ...'])} {where}",
         f"I also write about {pick(NICHES[niche])}{maybe(0.5, ' and ' + pick(NICHES[niche]))}.", "Thanks for the nice post.", "You will like it.",
         "I hope you give it a look.", f"My {pick(['page', 'site'])} is new, feedback welcome."],
        ["", "", "Thanks!", "Regards", ":)", "Best wishes."], 1, 2)
    return noise(spam_frame(text), 0.2), niche


FOREIGN_PARTS = {
    "ru": (["Отличная статья!", "Спасибо автору.", "Интересно.", "Полезная информация.", ""],
           ["Лучшие {x} у нас на сайте.", "Купить {x} недорого с доставкой.", "Скидка {n}% на {x} только сегодня.", "Заработок от {n}000 рублей в день, {x}.", "Проверенные {x}, отзывы реальные."],
           ["онлайн казино", "кредиты без отказа", "ставки на спорт", "дипломы", "seo продвижение", "права", "аккаунты", "виагру"],
           ["Переходите: {u}", "Подробнее: {u}", "Пишите в телеграм {u}", "{u}"]),
    "zh": (["好文章！", "谢谢分享。", ""],
           ["最好的{x}网站，注册即送奖金。", "专业{x}，价格优惠。", "{x}，优惠{n}%，欢迎咨询。"],
           ["在线赌场", "体育博彩", "百家乐", "SEO优化", "代写论文", "网站建设", "代孕"],
           ["网址：{u}", "详情请访问 {u}", "{u}"]),
    "id": (["Artikel yang bagus!", "Terima kasih infonya.", "Mantap gan.", ""],
           ["Situs {x} terpercaya, gampang menang!", "Jasa {x} murah dan berkualitas.", "Bonus new member {n}% untuk {x}.", "{x} deposit pulsa tanpa potongan."],
           ["slot gacor", "judi online", "togel online", "poker online", "backlink", "pembuatan website", "SEO"],
           ["Daftar sekarang {u}", "Kunjungi {u}", "Hubungi kami {u}", "{u}"]),
    "de": (["Toller Beitrag!", "Danke für die Infos.", "Sehr interessant.", ""],
           ["Wer günstige {x} sucht, sollte hier schauen.", "{x} sofort und diskret bestellen.", "Jetzt {n}% Rabatt auf {x}.", "Seriöse {x}, schnelle Auszahlung."],
           ["Kredite ohne Schufa", "Umzugsfirmen", "Online Casinos", "Potenzmittel", "Backlinks", "Führerscheine", "Abnehmpillen"],
           ["Hier entlang: {u}", "Mehr unter {u}", "{u}"]),
    "fr": (["Super article !", "Merci pour le partage.", "Très intéressant.", ""],
           ["Pour des {x} pas chers, c'est ici.", "{x} : réponse immédiate, sans attente.", "{n}% de réduction sur les {x}.", "Les meilleurs {x} de France."],
           ["crédits rapides", "paris sportifs", "rencontres", "voyance en ligne", "casinos en ligne", "followers Instagram"],
           ["Visitez {u}", "Plus d'infos : {u}", "{u}"]),
    "es": (["¡Excelente artículo!", "Gracias por compartir.", "Muy interesante.", ""],
           ["Los mejores {x} están aquí.", "{x} con {n}% de descuento.", "{x} rápidos y seguros, sin papeleo."],
           ["préstamos rápidos", "casinos online", "apuestas deportivas", "seguidores", "réplicas de relojes"],
           ["Visita {u}", "Más info: {u}", "{u}"]),
    "pt": (["Ótimo post!", "Obrigado por compartilhar.", ""],
           ["Confira {x} com {n}% de desconto.", "{x} com aprovação imediata.", "Os melhores {x} do Brasil."],
           ["apostas esportivas", "empréstimo rápido", "seguidores baratos", "cassino online"],
           ["Acesse {u}", "Saiba mais: {u}", "{u}"]),
    "tr": (["Güzel yazı.", "Teşekkürler.", ""],
           ["En iyi {x} siteleri burada.", "{x} için en uygun fiyat.", "%{n} indirimli {x}."],
           ["bahis", "casino", "escort", "takipçi satın al", "web tasarım", "instagram beğeni"],
           ["Tıkla: {u}", "{u}"]),
    "pl": (["Świetny artykuł!", "Dzięki za wpis.", ""],
           ["Najlepsze {x} tylko u nas.", "{x} bez zbędnych formalności.", "Rabat {n}% na {x}."],
           ["kasyno online", "pożyczki bez bik", "pozycjonowanie stron", "chwilówki"],
           ["Sprawdź {u}", "{u}"]),
    "vi": (["Bài viết hay!", "Cảm ơn bạn.", ""],
           ["Nhà cái {x} uy tín nhất.", "{x} khuyến mãi {n}%.", "Đăng ký {x} nhận thưởng ngay."],
           ["cá cược", "casino", "bóng đá", "xổ số"],
           ["Truy cập {u}", "{u}"]),
    "it": (["Ottimo articolo!", "Grazie per le informazioni.", ""],
           ["I migliori {x} qui.", "{x} con sconto del {n}%.", "{x} senza busta paga."],
           ["prestiti veloci", "casinò online", "scommesse", "repliche orologi"],
           ["Visita {u}", "{u}"]),
    "ja": (["素晴らしい記事です。", "ありがとうございます。", ""],
           ["{x}なら当サイトへ。", "{x}、今なら{n}%オフ。", "人気の{x}を激安で販売中。"],
           ["オンラインカジノ", "ブランドコピー", "出会い系", "副業"],
           ["詳しくは {u}", "{u}"]),
    "ar": (["مقال رائع!", "شكرا على المعلومات.", ""],
           ["أفضل {x} في الخليج.", "خدمات {x} بأسعار مناسبة.", "خصم {n}% على {x} اليوم فقط."],
           ["شركة نقل عفش", "تصميم مواقع", "كازينو اون لاين", "قروض سريعة", "متابعين انستقرام"],
           ["زوروا موقعنا {u}", "{u}"]),
    "hi": (["बहुत अच्छा लेख!", "जानकारी के लिए धन्यवाद।", ""],
           ["सबसे अच्छा {x} यहाँ मिलेगा।", "{x} पर {n}% की छूट।", "घर बैठे {x} से कमाएं।"],
           ["ऑनलाइन कैसीनो", "तुरंत लोन", "सट्टा मटका", "डिजिटल मार्केटिंग कोर्स"],
           ["अभी देखें {u}", "{u}"]),
    "ko": (["좋은 글 감사합니다.", "유익한 정보네요.", ""],
           ["최고의 {x} 사이트, 가입 즉시 보너스 지급.", "{x} 전문, 최저가 보장.", "{x} {n}% 할인 이벤트 중."],
           ["토토사이트", "카지노", "대출", "바카라", "출장 서비스"],
           ["바로가기 {u}", "{u}"]),
    "th": (["บทความดีมาก", "ขอบคุณสำหรับข้อมูล", ""],
           ["เว็บ{x}อันดับ 1 สมัครวันนี้รับโบนัส {n}%", "{x} ราคาถูก ส่งฟรีทั่วประเทศ"],
           ["สล็อต", "บาคาร่า", "แทงบอล", "ยาลดน้ำหนัก"],
           ["สมัครเลย {u}", "{u}"]),
}
# How foreign spam asks to be reached without a link, in its own language: {p} a phone number, {h}
# a messenger handle. Many leave the link to the website field, or to no link at all.
FOREIGN_CONTACT = {
    "ru": ["Пишите в WhatsApp {p}", "Звоните: {p}", "Телеграм {h}"], "zh": ["加微信 {h}", "联系电话 {p}", "详情请加QQ {h}"],
    "id": ["Hubungi WA {p}", "Chat admin via WhatsApp {p}"], "de": ["Jetzt anrufen: {p}", "Kostenlose Beratung unter {p}"],
    "fr": ["Appelez le {p}", "Contact WhatsApp : {p}"], "es": ["Llama al {p}", "Escríbenos por WhatsApp {p}"],
    "pt": ["Chama no zap {p}", "Ligue {p}"], "tr": ["Hemen arayın {p}", "WhatsApp hattımız {p}"],
    "pl": ["Zadzwoń {p}", "Napisz na WhatsApp {p}"], "vi": ["Liên hệ Zalo {p}", "Gọi ngay {p}"],
    "it": ["Chiama ora {p}", "Scrivici su WhatsApp {p}"], "ja": ["LINE ID: {h}", "お問い合わせ {p}"],
    "ar": ["للتواصل واتساب {p}", "اتصل الآن {p}"], "hi": ["अभी कॉल करें {p}", "व्हाट्सएप करें {p}"],
    "ko": ["카톡 문의 {h}", "텔레그램 {h}"], "th": ["ติดต่อไลน์ {h}", "โทร {p}"],
}


def sp_foreign_parts(post: Post) -> tuple[str, str]:
    lang = pick(list(FOREIGN_PARTS))
    praise, offers, things, ctas = FOREIGN_PARTS[lang]
    niche = pick(["gambling", "loans", "web", "pharma", "dating", "goods"])
    url = anchor(spam_url(niche), pick(things)) if chance(0.3) else spam_url(niche)
    offer = [pick(offers).replace("{x}", pick(things)).replace("{n}", str(R.randint(10, 90))) for _ in range(R.randint(1, 2))]
    if chance(0.4):
        handle = f"{rand_id(R.randint(5, 9), string.ascii_lowercase)}{R.randint(1, 999)}"
        cta = pick(FOREIGN_CONTACT[lang]).replace("{p}", intl_phone()).replace("{h}", handle)
    else:
        cta = pick(ctas).replace("{u}", url)
    text = join(pick(praise), *offer, cta)
    if chance(0.15):
        text = join(praise_line(post), text)  # English praise, foreign pitch
    return noise(text, 0.1), niche


def company_name(niche: str) -> str:
    return pick([cap(pick(NICHES[niche])) + " " + pick(["Pros", "Experts", "Solutions", "Group", "Co.", "Services", "& Sons", "Hub", "Masters", "Plus", "Direct"]),
                 f"{pick(LAST)} {pick(['Brothers', '& Daughters', 'Family', 'and Partners'])} {cap(pick(NICHES[niche]))}", f"{pick(PLACES).title()} {cap(pick(NICHES[niche]))} {pick(['Co', 'LLC', 'Ltd', 'Center'])}",
                 f"{pick(SELL).title()}{cap(pick(NICHES[niche]))}{pick(['', '24', 'Now', 'Pro'])}"])


def sp_service_parts(post: Post) -> tuple[str, str]:
    """Local services and products pitched as help: a hook, the business, its claims, a way to reach it."""
    niche = pick(["home", "home", "home", "web", "travel", "apps", "health"])
    product = pick(SERVICE_PRODUCTS[niche])
    place = pick(PLACES).title()
    company = company_name(niche)
    hook = pick([
        f"Great tips on {post.subject}!", f"Speaking of {term(post)}, anyone in {place} who needs {product} should know this.", "Useful post.",
        f"This reminded me of our {pick(['move', 'renovation', 'trip', 'leak', 'launch', 'toothache'])} last {pick(MONTHS)}.",
        f"I agree, and I'd add that {product} is worth doing properly.", f"Living in {place}? Then you know how hard it is to find good {product}.",
        "Nice read.", f"Thanks for the advice on {term(post)}.", "", "",
    ])
    claims = some([
        f"{company} {pick(['did an amazing job', 'were on time and tidy', 'saved us a fortune', 'came the same day', 'fixed it in an hour'])}.",
        f"{pick(['Licensed and insured', 'Family owned', 'Five star rated', 'Free estimates', 'No call-out fee', 'Same day service'])}{pick(['.', '!', ', highly recommend.'])}",
        f"{pick(['Over', 'More than'])} {R.randint(5, 40)} years {pick(['of experience', 'in business', 'serving ' + place])}.",
        f"Prices from ${R.randint(29, 499)}.", f"Serving {place} and {pick(PLACES).title()}.", f"{R.randint(10, 50)}% off for first-time customers.",
        f"They also do {pick(SERVICE_PRODUCTS[niche])}.", "Book online in two minutes.",
    ], 1, 3)
    reach = pick([anchor(spam_url(niche), pick([company, product, product + " " + place, product + " near me"])), spam_url(niche),
                  f"Call {phone(chance(0.4))}", f"{company}, {phone(chance(0.4))}", f"Website: {spam_url(niche)}", f"Search {company} on Google.",
                  f"{anchor(spam_url(niche), company)} ({phone(chance(0.4))})"])
    return noise(join(hook, *claims, reach), 0.15), niche


def sp_travel_phone_parts(post: Post) -> tuple[str, str]:
    return sp_phone_parts(post, pick(["airline", "airline", "travel", "finance", "other"]))


def sp_phone_parts(post: Post, family: str = "") -> tuple[str, str]:
    """Support-line scams built from parts: a brand, a problem, an offer of help, a number, rarely a link."""
    family = family or pick(["antivirus", "printer", "accounting", "email", "router", "computer", "airline", "travel", "finance", "other"])
    brand = pick(BRANDS[family])
    number = phone(True) if chance(0.8) else pick([intl_phone(), phone(False)])
    problem = pick(["won't connect", "keeps crashing", "shows an error", "asks for activation", "was charged twice", "is locked", "stopped working after the update",
                    "can't log in", "needs a refund", "is offline", "won't print", "lost my booking", "can't reset the password"])
    desk = pick(["support", "customer service", "helpline", "tech support", "customer care", "live agent", "help desk", "reservations"])
    parts = some([
        f"If your {brand} {problem}, {pick(['call', 'dial', 'ring', 'contact'])} {number}.",
        f"{brand} {desk} {pick(['number', 'phone number', 'toll-free number', 'line'])}: {number}.",
        f"{pick(['Certified', 'Expert', 'Independent', 'Trained'])} {pick(['technicians', 'agents', 'experts'])} {pick(['available 24/7', 'answer within minutes', 'fix it remotely', 'on call day and night'])}.",
        f"{pick(['No waiting', 'No hold music', 'Instant answer', 'Free diagnosis', 'Speak to a real person'])}.",
        f"I {pick(['called', 'rang', 'dialled'])} {number} when my {brand} {problem} and {pick(['they fixed it remotely', 'it was solved in ten minutes', 'a nice agent helped'])}.",
        f"For {brand} {pick(['refunds', 'bookings', 'activation', 'renewals', 'login help', 'setup'])}, {number} {pick(['works best', 'is the fastest', 'is open now'])}.",
        f"{pick(['Save', 'Write down', 'Bookmark'])} this number: {number}.",
    ], 2, 4)
    text = join(pick(["", "", praise_line(post), "Helpful post.", f"Having trouble with {brand}?", "Attention users!", "PSA:"]), *parts)
    if chance(0.15):
        text = join(text, anchor(spam_url("support" if family in BRANDS and family not in ("airline", "travel") else "travel"), f"{brand} {desk}"))
    return noise(text, 0.15), "support" if family not in ("airline", "travel") else "travel"


def sp_pitch_parts(post: Post) -> tuple[str, str]:
    """Praise of the post, then a turn, then something unrelated to sell: the commonest blog spam."""
    niche = pick(["travel", "home", "web", "apps", "health", "goods", "loans", "support", "gambling", "essay"])
    product = pick(SERVICE_PRODUCTS.get(niche) or NICHES[niche])
    praise = pick([praise_line(post), spin(pick(SPUN_PRAISE)), f"{pick(['Your', 'This'])} {pick(['article', 'post', 'guide'])} on {post.subject} is {pick(['very informative', 'so helpful', 'well researched', 'a gem'])}.",
                   f"I {pick(['learned a lot', 'enjoyed every line', 'bookmarked this'])}, especially the part about {term(post)}.", f"{cap(term(post))} is so important, thanks for explaining it."])
    turn = pick(PIVOTS + ["Anyway,", "Meanwhile,", "By the way, if anyone needs", "Talking of which,", "Also, for readers interested in"])
    offer = pick([f"{product} in {pick(PLACES).title()}", f"the best {product}", f"affordable {product}", f"{product} at {R.randint(10, 70)}% off", f"our {product}", product])
    ref = pick([anchor(spam_url(niche), offer), spam_url(niche), f"{company_name(niche)} ({spam_url(niche, path=False)})", f"{company_name(niche)}, click my name",
                f"{company_name(niche)} on {phone(chance(0.5))}"])
    text = join(praise, turn, pick([f"{offer}: {ref}", f"check {ref} for {offer}", f"{ref} has {offer}", f"I recommend {ref}", f"visit {ref}", ref]),
                pick(["", "", "Thanks again!", "Keep writing.", "Cheers."]))
    return noise(text, 0.2), niche if niche in NICHES else "web"


ARTICLE_TOPICS = {
    "home": (["moving house", "a roof replacement", "dental care", "pest control", "deep cleaning", "solar power", "a kitchen remodel", "water damage"],
             ["the cost", "the timing", "insurance", "permits", "reviews", "the materials", "hidden fees", "the warranty", "local regulations", "the season"]),
    "web": (["search engine optimisation", "digital marketing", "a professional website", "social media marketing", "link building", "online reputation"],
            ["keywords", "page speed", "backlinks", "content quality", "mobile friendliness", "your competitors", "analytics", "local listings", "conversion rates"]),
    "health": (["weight loss", "natural supplements", "CBD oil", "joint health", "better sleep", "healthy skin", "blood sugar"],
               ["your diet", "daily habits", "the ingredients", "stress", "hydration", "the dosage", "clinical studies", "your age", "side effects"]),
    "travel": (["travel planning", "a luxury holiday", "renting a car abroad", "a desert safari", "cheap flights", "a cruise"],
               ["the season", "hidden fees", "travel insurance", "the itinerary", "reviews", "local guides", "your budget", "the booking platform"]),
    "loans": (["personal finance", "a bad credit loan", "debt consolidation", "a quick cash loan", "your credit score"],
              ["interest rates", "hidden fees", "the repayment period", "your income", "the lender's reputation", "late payments"]),
    "essay": (["academic writing", "a dissertation", "a college essay", "nursing assignments"],
              ["deadlines", "plagiarism", "formatting", "research", "the grading rubric", "citations"]),
    "apps": (["streaming on a budget", "online privacy", "mobile gaming", "IPTV"],
             ["the price", "security", "device support", "speed", "the free trial", "channel lists"]),
}
ARTICLE_TRUISM = ["{T} is one of the most important {what} you will ever make.", "In today's {world} world, {t} has become more {adj} than ever.",
                  "Many people underestimate how much {t} affects their {life}.", "When it comes to {t}, there is a lot of confusing advice out there.",
                  "{T} can be stressful, but it does not have to be.", "Everyone wants the best results from {t} without spending a fortune."]
ARTICLE_BODY = ["There are many factors to consider, such as {f1}, {f2} and {f3}.", "Many people make the mistake of ignoring {f1}.",
                "According to experts, paying attention to {f1} can save you money in the long run.", "It is always a good idea to compare {f1} before making a decision.",
                "{F1} not only affects {f2} but also {f3}.", "First of all, think about {f1}.", "Secondly, never forget {f2}.", "Last but not least, {f3} matters more than most people think.",
                "A little research about {f1} goes a long way.", "The right choice depends on {f1} and {f2}.", "Reading reviews about {f1} is the best way to avoid problems.",
                "With the right approach to {f1}, you can enjoy {t} without the usual headaches."]
ARTICLE_TURN = ["That is why choosing a trusted provider for {t} matters.", "If you are looking for help with {t}, {co} is a great choice.",
                "We at {co} have helped thousands of clients with {t}.", "For professional {t} services in {place}, {co} is the name to trust.",
                "I found {co} very helpful for {t}, you can check them out.", "You can learn more about {t} on our website."]


def sp_article(post: Post) -> tuple[str, str]:
    """A pasted mini-article, generic advice in several paragraphs, with a link or a company at the end: long spam."""
    niche = pick(list(ARTICLE_TOPICS))
    topics, factors = ARTICLE_TOPICS[niche]
    t = pick(topics)
    f1, f2, f3 = R.sample(factors, 3)
    co = company_name(niche) if niche in NICHES else cap(pick(NICHES["web"])) + " Experts"

    def f(x: str) -> str:
        return (x.replace("{T}", cap(t)).replace("{t}", t).replace("{F1}", cap(f1)).replace("{f1}", f1).replace("{f2}", f2).replace("{f3}", f3)
                .replace("{co}", co).replace("{place}", pick(PLACES).title()).replace("{what}", pick(["decisions", "investments", "choices"]))
                .replace("{world}", pick(["fast-paced", "digital", "competitive", "modern"])).replace("{adj}", pick(["important", "popular", "essential"]))
                .replace("{life}", pick(["lives", "wallets", "health", "business", "families"])))
    paras = [f(pick(ARTICLE_TRUISM)) + " " + " ".join(f(x) for x in some(ARTICLE_BODY, 1, 3))]
    paras += [" ".join(f(x) for x in some(ARTICLE_BODY, 1, 3)) for _ in range(R.randint(0, 2))]
    paras.append(f(pick(ARTICLE_TURN)) + " " + pick([anchor(spam_url(niche), pick([t, co, pick(SERVICE_PRODUCTS.get(niche) or NICHES[niche])])), spam_url(niche),
                                                      f"Visit {spam_url(niche)}", f"Call {phone(chance(0.5))}", f"Read more: {spam_url(niche)}"]))
    if chance(0.3):
        paras.insert(0, praise_line(post))
    return noise(pick(["\n\n", "\n", " "]).join(paras), 0.1), niche


SpamMakerFn = Callable[[Post], tuple[str, str]]


def mix(*makers: SpamMakerFn) -> SpamMakerFn:
    """A kind made by several makers in turn, chosen at random for each row."""
    return lambda post: pick(makers)(post)


# ------------------------------------------------------------------------------------------------
# YouTube-style rows, a minority kept so that video comment sections still score well

# Video sites too: readers link a talk or a demo on vimeo, self-promoters link their own channel there.
SOCIAL = ["facebook.com", "instagram.com", "twitter.com", "soundcloud.com", "twitch.tv", "tiktok.com", "tumblr.com", "reverbnation.com",
          "vimeo.com", "dailymotion.com"]
VIDEO_TITLES = ["{a} - {b} (Official Video)", "{a} - {b} [Lyrics]", "{b} by {a}, live at the {c}", "{a}: {b} (Official Music Video)",
                "{b} - {a} ft. {d}", "{a} - {b} (Audio)", "{b} | {a} | {c} session"]
VIDEO_WORDS = ["Summer", "Gold", "Fire", "Midnight", "Dance", "Heartbeat", "Paradise", "Wild", "Lights", "Forever", "Rain", "Thunder"]


def video_title() -> str:
    artist = pick([f"{pick(HANDLE_A).title()} {pick(HANDLE_B).title()}s", pick(FIRST) + " " + pick(LAST), "DJ " + pick(FIRST), "The " + pick(HANDLE_B).title() + "s"])
    song = " ".join(some(VIDEO_WORDS, 1, 2))
    return pick(VIDEO_TITLES).format(a=artist, b=song, c=pick(["Roxy", "Apollo", "park", "studio"]), d=pick(FIRST))


def youtube_link() -> str:
    ids = string.ascii_letters + string.digits + "_-"
    style = R.random()
    scheme = pick(["http://", "https://", "https://www.", "www.", "https://m.", ""])
    if style < 0.35:
        return f"{scheme}youtube.com/watch?v={rand_id(11, ids)}"
    if style < 0.55:
        return f"{pick(['http://', 'https://', ''])}youtu.be/{rand_id(11, ids)}"
    if style < 0.8:
        return f"{scheme}youtube.com/channel/UC{rand_id(22, ids)}"
    return f"{scheme}youtube.com/user/{pick(HANDLE_A)}{pick(HANDLE_B)}{R.randint(1, 99)}"


def spam_link() -> str:
    if chance(0.25):
        return f"{pick(['https://', 'www.', ''])}{pick(SOCIAL)}/{pick(HANDLE_A)}{pick(HANDLE_B)}{maybe(0.5, str(R.randint(1, 99)))}"
    return spam_url(pick(list(NICHES)))


def yt_channel() -> str:
    what = pick([
        "guitar covers", "piano covers", "gaming videos", "minecraft builds", "vlogs", "comedy sketches",
        "beats", "rap songs", "makeup tutorials", "dance covers", "reaction videos", "prank videos",
        "cooking videos", "original songs", "fortnite montages", "drawing timelapses", "remixes",
        "parodies", "slime videos", "unboxings", "fitness videos", "music videos",
    ])
    opener = pick([
        "Hey guys", "Hi everyone", "Hello people", "Hey", "Yo", "Hey guys!", "Hi!", "Sorry for the spam but",
        "Please read this", "Don't scroll past this", "Hey YouTube", "Guys please", "", "", "",
    ])
    me = pick([
        f"I'm a {R.randint(12, 24)} year old {pick(['singer', 'rapper', 'youtuber', 'producer', 'gamer', 'guitarist', 'dancer', 'beatboxer'])}",
        f"I make {what}", f"I just started a channel with {what}", f"I upload {what} every week",
        f"my little brother makes {what}", f"I'm a small youtuber doing {what}",
        f"I've been working really hard on my {what}", f"I'm new on YouTube and I do {what}",
        f"me and my friends make {what}",
    ])
    ask = pick([
        "check out my channel", "please check out my channel", "check my channel out",
        "subscribe to my channel", "please subscribe", "could you subscribe", "pls sub",
        "check out my new video", "go watch my latest video", "give my channel a chance",
        "take a look at my channel", "visit my channel", "please like and subscribe",
        "it would mean the world if you subscribed", "hit that subscribe button",
        "help me reach 1000 subscribers", f"help me get to {pick(['100', '500', '1k', '10k', '5000'])} subs",
        "check out my cover of this song", "watch my video and tell me what you think",
        "subscribe and I will subscribe back", "sub to me and I'll sub back",
        "leave a like on my video", "thumbs up so more people see this",
    ])
    extra = pick([
        "", "", "Thank you!", "Thanks so much!", "It would mean a lot.", "God bless.", "Love you all.",
        "You won't regret it.", "I promise it's worth it.", "Every sub counts!", "Sub4sub anyone?",
        "Thumbs up so people can see this!", "Please don't hate.", "Peace.", "Thanks in advance!",
        "I reply to every comment.", "New video every Friday!", "Like this comment so others see it!",
    ])
    link = maybe(0.5, youtube_link())
    order = R.random()
    if order < 0.5:
        text = join(opener, f"{me},", f"{ask}.", link, extra)
    elif order < 0.8:
        text = join(ask.capitalize() + "!", link, f"{me}.", extra)
    else:
        text = join(opener, ask + maybe(0.5, " " + pick(["guys", "everyone", "people", "plz", "please"])), link, extra)
    return noise(text, 0.8)


def yt_follow() -> str:
    where = pick(["instagram", "twitter", "facebook", "twitch", "tiktok", "soundcloud", "snapchat", "my page", "my blog"])
    text = join(
        pick(["", "", "Hey", "Hi guys", "Omg", "Yo"]),
        pick([
            f"follow me on {where}", f"please follow me on {where}", f"add me on {where}",
            f"like my {where} page", f"check out my {where}", f"follow my {where} for more",
            f"go like my page on {where}", f"follow me and I'll follow you back on {where}",
        ]),
        maybe(0.7, spam_link() if R.random() < 0.6 else f"@{pick(HANDLE_A)}{pick(HANDLE_B)}{R.randint(1, 99)}"),
        pick(["", "thanks", "follow back guaranteed", "I follow back!", "100% follow back", "please!!", "xoxo", "love you all"]),
    )
    return noise(text, 0.8)


def yt_music_promo() -> str:
    text = join(
        pick(["Hey", "Yo", "Hi", "", "Peace,"]),
        pick([
            "I'm an upcoming artist", "I'm an independent rapper", "I'm a young singer from " + pick(["Ohio", "Lagos", "London", "Manila", "Texas", "Toronto"]),
            "my band just dropped our first EP", "I just released my first mixtape", "I produce beats",
            "I'm a singer songwriter trying to make it",
        ]) + ",",
        pick([
            "please listen to my music", "give my new single a listen", "check out my mixtape",
            "stream my new track", "listen to my song and tell me what you think",
            "go check out my music video", "download my album for free",
        ]),
        spam_link() if R.random() < 0.7 else youtube_link(),
        pick(["", "Any support means a lot!", "Thank you and God bless", "share if you like it", "Peace and love"]),
    )
    return noise(text, 0.7)


def yt_money_home() -> str:
    amount = pick(["$300", "$500", "$85", "$1,200", "$7000", "£400", "$200", "$2k", "$150", "$95/hour"])
    period = pick(["a day", "per day", "a week", "every week", "a month", "in my spare time", "per hour"])
    text = join(
        pick([
            "Make money from home!", "Want to earn money online?", "Tired of your 9-5?", "WORK FROM HOME.",
            f"My {pick(['aunt', 'cousin', 'neighbour', 'best friend', 'mom', 'sister'])} makes {amount} {period} working from home.",
            "I quit my job last month and now I work online.", "Easy money, no experience needed.",
            "Earn cash online just by filling surveys.", "Start making money today!", "Get paid to watch videos!",
        ]),
        pick([
            f"I make {amount} {period} with this simple method",
            f"you can earn {amount} {period} from your laptop",
            f"last month I earned {amount} without leaving home",
            "just a few hours a day on your phone",
            "no selling, no investment needed",
            f"people are earning {amount} {period} with it",
        ]) + ".",
        pick(["Go to", "Look at", "Visit", "Here is how:", "Check this out:", "Details here:", "Start here ->", "Sign up at"]),
        spam_link(),
        pick(["", "Limited spots!", "Don't miss it!", "It really works!", "Thank me later.", "Start now."]),
    )
    return noise(text, 0.5)


def yt_phishing() -> str:
    service = pick(["PayPal", "Apple ID", "Netflix", "bank", "Amazon", "Microsoft", "Facebook", "Instagram", "Steam", "YouTube"])
    text = pick([
        f"Your {service} account has been suspended. Verify your information here: {spam_link()}",
        f"Urgent: unusual sign-in detected on your {service} account. Confirm your identity at {spam_link()}",
        f"Dear customer, your {service} payment failed. Update your billing details {spam_link()}",
        f"Congratulations! You have been selected to receive a $1000 {service} gift card. Claim now: {spam_link()}",
        f"Your {service} password expires today, login to keep your account {spam_link()}",
        f"We detected a problem with your {service} account. Please verify within 24 hours: {spam_link()}",
        f"FREE {service} gift card generator 2024 working!!! {spam_link()}",
        f"Win a free iPhone! You are our 1,000,000th visitor, claim your prize {spam_link()}",
        f"Get free {pick(['V-Bucks', 'Robux', 'gems', 'coins', 'gift cards'])} here, no survey {spam_link()}",
    ])
    return noise(text, 0.2)


def yt_fake_review() -> str:
    product = pick(["keto supplement", "hair growth serum", "anti-aging cream", "CBD oil", "muscle builder",
                    "brain booster", "teeth whitening kit", "fat burner", "memory pill", "skin tag remover"])
    text = join(
        pick([
            f"I have been using this {product} for 3 weeks and the results are unbelievable.",
            f"My doctor couldn't believe it when she saw what this {product} did for me.",
            f"I was skeptical but this {product} really works, I lost 15 lbs.",
            f"Five stars! This {product} changed my life.",
            f"Everyone should try this {product}, celebrities use it too.",
        ]),
        pick(["Get yours here:", "Only a few bottles left:", "Order from the official site", "Free trial:", "Link:"]),
        spam_link(),
    )
    return noise(text, 0.2)


def yt_contest() -> str:
    text = pick([
        f"Please vote for me in the {pick(['singing', 'dance', 'photo', 'talent'])} contest {spam_link()}",
        f"Giveaway! Win a {pick(['PS5', 'new iPhone', 'gaming PC', 'MacBook'])}, just like and share {spam_link()}",
        f"Sign my petition please, it only takes a second {spam_link()}",
        f"Use my referral code {rand_id(6, string.ascii_uppercase + string.digits)} to get $10 free on {pick(['the app', 'Uber', 'Cash App', 'Airbnb'])}",
        f"Download this app and enter code {rand_id(6, string.ascii_uppercase)} for free coins {spam_link()}",
        f"Free {pick(['followers', 'likes', 'views', 'subscribers'])} for your channel! 1000 in 24h {spam_link()}",
        f"Buy real YouTube views and subscribers, cheapest prices {spam_link()}",
    ])
    return noise(text, 0.5)


GIBBERISH_SYL = ["ka", "lo", "zi", "mu", "ter", "qua", "vex", "ol", "ny", "rip", "sto", "fa", "dr", "ux", "pe", "gro"]


def yt_gibberish() -> str:
    words = ["".join(pick(GIBBERISH_SYL) for _ in range(R.randint(1, 4))) for _ in range(R.randint(4, 16))]
    text = " ".join(words)
    if R.random() < 0.5:
        text += " " + spam_link()
    if R.random() < 0.3:
        text = rand_id(R.randint(20, 60), string.ascii_letters + string.digits + "      ")
    return text


def yt_repeat() -> str:
    phrase = pick([
        "subscribe to me", "check my channel", "follow me", "free money", "click the link", "sub4sub",
        "like if you agree", "visit my page", "win big", "earn money now",
    ])
    n = R.randint(3, 9)
    sep = pick([" ", " ", "!!! ", ", ", "\n"])
    return sep.join([phrase] * n) + maybe(0.5, " " + spam_link())


def obfuscate(word: str) -> str:
    style = R.random()
    if style < 0.3:
        return " ".join(word)
    if style < 0.45:
        return ".".join(word)
    if style < 0.7:
        leet = {"a": "4", "i": "1", "e": "3", "o": "0", "s": "5"}
        return "".join(leet.get(c, c) if R.random() < 0.6 else c for c in word)
    cyr = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}
    return "".join(cyr.get(c, c) for c in word)


def yt_obfuscated() -> str:
    word = pick(["viagra", "cialis", "casino", "bitcoin", "crypto", "free money", "porn", "sex", "loans",
                 "subscribe", "betting", "pharmacy", "dating"])
    parts = [obfuscate(w) for w in word.split()]
    text = pick([
        f"Best {' '.join(parts)} here {spam_link()}",
        f"cheap {' '.join(parts)} no prescription {spam_link()}",
        f"{' '.join(parts)} {pick(['bonus', 'offer', 'deal'])} today only {spam_link()}",
        f"Get {' '.join(parts)} now -> {spam_link()}",
        f"Try {' '.join(parts)} {pick(['online', 'now', 'tonight'])}, {pick(['click', 'visit', 'go to'])} {spam_link()}",
    ])
    return noise(text, 0.2)


def yt_short_promo() -> str:
    text = pick([
        "sub to me", "subscribe to me pls", "check my channel", "check out my channel!", "please sub",
        "follow me", "sub4sub", "check out my videos", "subscribe plz", "like and subscribe to me",
        "visit my channel", "check out my page", "watch my videos please", "sub me back",
    ])
    return noise(join(text, maybe(0.6, youtube_link() if R.random() < 0.7 else spam_link())), 0.9)


def yt_share() -> str:
    # The text YouTube's share button pre-fills, pasted under other people's videos.
    what = pick(["video", "video", "video", "playlist", "channel", "song", "live stream"])
    text = pick([
        f"Check out this {what} on YouTube:", f"Check out this {what} on YouTube", f"Watch this {what} on YouTube:",
        f"check out this {what} on youtube", f"Check out this {what} on YouTube!", f"Check this {what} out on YouTube:",
    ])
    if R.random() < 0.4:
        text = join(text, pick(["", "", "it's hilarious", "omg", "you have to see this", "best one ever", "my new one"]))
    return noise(join(text, maybe(0.5, youtube_link())), 0.3)


def yt_thumbs_up() -> str:
    """Begging for likes on a comment, the commonest YouTube spam that carries no link."""
    ask = pick(["Like this comment if", "Thumbs up if", "Give this a thumbs up if", "Like if", "LIKE IF", "Thumbs up this comment if",
                "Hit like if", "Like this if", "Smash that like button if", "Who else? Like if", "1 like =", "Like this comment so"])
    clause = pick([
        f"you're still listening in {R.randint(2013, 2026)}", "you came here from TikTok", "this song is better than the new one",
        "you think this deserves more views", f"{pick(['this', 'the chorus', 'the drop'])} gave you chills", "you're watching this at school",
        "your mom hates this song", "you agree", "you remember when this came out", "you're here for the dance", "you love this song",
        "you watched this more than 10 times", "you want a part two", "you're not a robot", "you think the video is hilarious",
        "everyone sees this", "I can reach 1000 likes", "1 prayer", "you miss the old days", "you're reading this",
    ])
    text = join(ask, clause, maybe(0.5, pick(["!", "!!", "😂", "👍", "lol", "and subscribe to me", "and check my channel", "and share"])))
    return noise(text, 0.8)


def yt_praise_promo() -> str:
    """Fan praise as a wrapper for self-promotion: the praise fits any video, the pitch is the point."""
    praise = pick(["this song is so catchy.", "love the video.", "she is amazing.", "nice song.", "this never gets old.", "great beat!",
                   "the chorus is fire.", "love this so much.", "best video ever.", "this is my jam."])
    me = pick([
        f"I'm a {pick(['rapper', 'singer', 'producer', 'small youtuber', 'beatboxer', 'guitarist'])} with {R.randint(2, 900)} subscribers",
        f"I'm getting popular fast because I {pick(['rap real', 'sing from the heart', 'make beats every day'])}", "see my new track",
        "I did a cover of it", f"I'm {R.randint(8, 19)} and I make {pick(['covers', 'parodies', 'remixes', 'raps'])}", "my band just uploaded our first song",
        "I'm trying to make it as an artist", "I just posted my version",
    ])
    ask = pick(["check it out", "if u want to check it out", "thumbs up if you " + pick(["agree", "like cats", "hate Mondays", "came here in " + str(R.randint(2013, 2026))]),
                "give me a chance", "go watch it", "tell me what you think", "it would mean a lot", "look me up"])
    return noise(join(praise, me, ask, maybe(0.3, youtube_link())), 0.8)


def yt_vote_link() -> str:
    """Vote, petition and 'watch this' requests with a link somewhere other than YouTube."""
    site = pick(["apps.facebook.com/my-polls", "on.mtv.com", "giphy.com/gifs", "indiegogo.com/projects", "kickstarter.com/projects",
                 "play.google.com/store/apps/details?id=com.", "amazon.com/dp", "change.org/p", "funnyvideoz.net/watch", "gofundme.com/f"])
    link = f"{pick(['http://', 'https://', ''])}{pick(['www.', ''])}{site}/{rand_id(R.randint(5, 12))}"
    return noise(pick([
        f"Please vote for {pick(FIRST)} in the {pick(['talent show', 'school contest', 'dance battle', 'awards'])} {link}",
        f"vote daily for her! {link} thumbs up and share", f"Watch this, it's hilarious {link}", f"My book is out, please check it {link}",
        f"Download my app, it's free {link}", f"Support our project please {link}", f"Sign this petition {link}", f"HAPPY BIRTHDAY!! {link}",
    ]), 0.6)


def yt_ham_link() -> str:
    """Fans link to videos too: the live version, a timestamp, the original."""
    return noise(pick([
        f"The live version is even better: {youtube_link()}", f"{R.randint(0, 3)}:{R.randint(10, 59)} best part", f"Original: {youtube_link()}",
        f"Anyone know the song at {R.randint(0, 3)}:{R.randint(10, 59)}?", f"{video_title()}: {youtube_link()} love it",
        f"the acoustic one is here {youtube_link()}", f"She sang this on the radio too, {youtube_link()}", f"Behind the scenes: {youtube_link()}",
        f"Lyrics are in the description, or here {youtube_link()}", f"This is the song from the ad! {youtube_link()}",
    ]), 0.7)


def yt_like_beg() -> str:
    text = join(
        pick(["", "", "Hey guys,", "Sorry to bother,", "Please"]),
        pick([
            "like this comment so I can reach my goal",
            f"I'm trying to get {pick(['100', '500', '1000', '10,000'])} likes on this comment, help me",
            "thumbs up this comment so my channel gets noticed",
            "if you like this comment I will give you a shoutout in my next video",
            "everyone who likes this gets a free shoutout on my channel",
            "like my comment and visit my channel, I will return the favour",
        ]),
        maybe(0.4, youtube_link()),
        pick(["", "thanks!", "please!", "love you guys"]),
    )
    return noise(text, 0.8)


SINGERS = ["she", "he", "they", "her", "this band", "this guy", "the singer", "this girl"]


SONG_ADJ = ["amazing", "beautiful", "so catchy", "a masterpiece", "underrated", "overrated", "stuck in my head",
            "perfect", "so good", "fire", "a classic", "annoying but catchy", "so nostalgic", "legendary", "epic"]


def yt_ham_music() -> str:
    year = R.randint(2012, 2025)
    views = pick(["1 billion", "2 billion", "500 million", "3 billion", "a billion", "800 million", "10 million"])
    text = pick([
        f"This song is {pick(SONG_ADJ)}",
        f"this song is {pick(SONG_ADJ)}",
        f"Who is still listening in {year}?",
        f"Anyone watching this in {year}?",
        f"who's here in {year}",
        f"Love {pick(['her', 'his', 'their'])} voice",
        f"{pick(SINGERS).capitalize()} {pick(['sings', 'dances', 'looks'])} {pick(['so well', 'amazing', 'great', 'incredible', 'so good'])} in this video",
        f"This video has {views} views, crazy",
        f"{views} views and still counting",
        f"How does this have {views} views?",
        f"I remember when this song came out, {pick(['good times', 'I was in middle school', 'I was so young', 'feels like yesterday'])}",
        "This song never gets old",
        "I can't stop listening to this song",
        "Best song ever",
        f"the beat at {R.randint(0, 3)}:{R.randint(10, 59)} is {pick(SONG_ADJ)}",
        f"My {pick(['kids', 'daughter', 'son', 'mom', 'grandma', 'little sister', 'dog'])} loves this song",
        f"This was the song of the summer in {year - R.randint(1, 8)}",
        f"The {pick(['dancing', 'choreography', 'outfits', 'colors', 'ending', 'chorus', 'bridge', 'intro'])} in this video is {pick(SONG_ADJ)}",
        "I don't understand the lyrics but I love it",
        "This song makes me so happy",
        "Still one of the best music videos ever made",
        "I hate this song but I keep coming back",
        "This song brings back so many memories",
        f"{pick(['Party', 'Workout', 'Road trip', 'Wedding', 'Gym'])} playlist material",
        f"Played this at my {pick(['wedding', 'birthday', 'graduation party', 'prom'])} and everyone went crazy",
        f"The {pick(['guitar', 'bass', 'drums', 'synth', 'piano', 'vocals'])} in this song {pick(['are', 'is'])} {pick(SONG_ADJ)}",
        f"{pick(['Their', 'Her', 'His'])} best song by far",
        f"I like the {pick(['old', 'new', 'live', 'acoustic'])} version better",
        f"Who else came here after {pick(['the Super Bowl', 'the movie', 'the concert', 'TikTok', 'the news', 'the awards'])}?",
        f"Is it just me or is this song {pick(['really short', 'better at 1.25x', 'louder than the others', 'kinda sad'])}?",
        f"Nobody: Me at {R.randint(1, 4)}am: listening to this on repeat",
        f"The fact that this came out {R.randint(3, 15)} years ago blows my mind",
        "This song is a vibe",
        "Not my kind of music but the video is fun",
        "This deserves more views",
        "Still a banger",
        f"When the {pick(['chorus', 'drop', 'beat', 'bridge'])} hits {pick(EMOJI)}",
        f"Such a {pick(['fun', 'weird', 'funny', 'sad', 'creative', 'crazy'])} video",
        f"The most viewed video {pick(['ever', 'on youtube', 'of its time'])}",
        f"Watched this {R.randint(5, 300)} times today",
        "I love this song so much",
        f"{pick(['Lol', 'Haha', 'Omg'])} the {pick(['guy', 'dancer', 'kid', 'horse', 'old man', 'cat'])} at {R.randint(1, 3)}:{R.randint(10, 59)}",
        "This is what real music sounds like",
        "They don't make songs like this anymore",
        f"I'm {R.randint(8, 70)} and I still love this",
        "This song will never die",
        f"Came back to listen again after {R.randint(2, 10)} years",
        f"The {pick(['lyrics', 'melody', 'vibe', 'energy'])} of this song is {pick(SONG_ADJ)}",
        f"this song is {pick(SONG_ADJ)} and the video is {pick(SONG_ADJ)}",
        f"Anyone else think this sounds like {pick(['an 80s song', 'a different song', 'a video game soundtrack', 'a commercial'])}?",
        f"RIP to the {pick(['old days', 'old youtube', 'good old days'])}, this song takes me back",
    ])
    if R.random() < 0.3:
        text = join(text + pick([".", "!", ""]), pick([
            "", "Love it!", "Greetings from " + pick(["Brazil", "Poland", "India", "Mexico", "Germany", "the Philippines", "Egypt", "Canada"]),
            "Such a great song.", "I could listen to it all day.", "Who agrees?", "Best of all time.",
            f"{pick(['Her', 'His'])} voice gives me chills.", "Masterpiece.", "Absolute legend.",
        ]))
    return noise(text, 0.8)


def yt_ham_short() -> str:
    return noise(pick([
        "Thanks!", "Thank you", "Great read.", "Nice", "lol", "Agreed.", "This.", "Interesting.", "Wow",
        "So true", "Well said!", "Exactly.", "Brilliant", "Ha!", "Same here", "Love it", "+1", "Good point.",
        "Beautiful", "Cool", "Nope.", "Hmm, not sure about that.", "Fascinating stuff", "Spot on.",
        "omg", "haha", "yes!", "I laughed", "Bookmarked.", "Nice work", "Cute", "Awesome", "wow just wow",
        "Thanks for writing this", "Great video", "Perfect", "So good", "Incredible", "Me too", "Sad but true",
        "Amen", "Finally", "Oh no", "Legend", "Goosebumps", "Iconic", "Love this", "hahaha", "Classic",
    ]), 0.7)


TOPICS = ["remote work", "electric cars", "sourdough baking", "the new transit plan", "rent control",
          "school lunches", "minimalism", "learning Rust", "vinyl records", "urban gardening", "the city budget",
          "the referendum", "nuclear power", "bike lanes", "homeschooling", "AI art", "the local election",
          "four-day weeks", "fast fashion", "the stadium project", "immigration policy", "climate targets"]


def ham_own_words() -> str:
    """Ordinary comments that use the words self-promotion uses: my blog, subscribed, check out, vote.

    Without these the model would learn that such words alone make a comment spam; what makes it
    spam is asking strangers to come to the writer's own channel, not mentioning a blog.
    """
    topic = pick(TOPICS)
    return noise(pick([
        f"I wrote about {topic} on my blog last {pick(['year', 'spring', 'month'])}, and I came to the opposite conclusion. Your numbers are better than mine though.",
        f"My {pick(['book club', 'reading group', 'writing group', 'neighbours', 'students'])} argued about {topic} for an hour after reading this.",
        f"Our {pick(['band', 'choir', 'team', 'school', 'street'])} went through exactly this with {topic}, and nobody warned us either.",
        f"I've subscribed to {pick(['the paper', 'this newsletter', 'three newsletters on this'])} for years and this is the first piece on {topic} that didn't talk down to me.",
        f"I've followed the {topic} debate since it started and this is the fairest summary so far.",
        f"Thumbs up for {pick(['the footnotes', 'admitting the mistake in the update', 'the clear charts', 'keeping the tone civil'])}.",
        f"Check out the {pick(['appendix', 'original report', 'council minutes', 'second footnote'])} if you doubt the figure on {topic}, it's all there.",
        f"Visit the {pick(['museum', 'market', 'old harbour', 'botanical garden'])} on a weekday if you can, the weekend crowds are awful.",
        f"Go to the {pick(['library', 'town hall', 'archive'])} website, they have the full records on {topic} for free.",
        f"Please vote in the {pick(['local election', 'referendum', 'council election'])}, whichever side you're on.",
        f"I'd share this with my {pick(['dad', 'sister', 'colleagues', 'landlord'])} but they'd only argue about {topic}.",
        f"My channel is tiny and mostly about {pick(['birds', 'knitting', 'old cameras'])}, so I admire how clearly you explain {topic}.",
        f"I mentioned this post on my podcast last week, with credit of course. Listeners had strong views on {topic}.",
        f"My site has been down since the update, so I can't compare notes on {topic} until it's fixed.",
        "Our shop tried the four-day week too. Sales held up, the owner's nerves didn't.",
        f"Like you, I changed my mind on {topic} after seeing the numbers.",
        f"Follow the money on {topic} and the whole story makes sense.",
        f"I subscribed after the {pick(['last', 'first', 'housing'])} article and haven't regretted it.",
        f"Support your local {pick(['library', 'bakery', 'bookshop', 'paper'])}, honestly, it's the only way they survive.",
        f"My video of the {pick(['parade', 'flood', 'meeting'])} got three views and one was my mum, so I admire anyone who does this well.",
    ]), 0.3)


# ------------------------------------------------------------------------------------------------
# The families and how many rows of each

HamMaker = Callable[[Post], str]
SpamMaker = Callable[[Post], tuple[str, str]]


TECH = tuple(site.name for site in TECH_SITES)
# Kinds of comment that only make sense under some kinds of post (a stack trace under a tutorial).
SITES_FOR = {
    "ham/stack-trace": TECH, "ham/code": TECH, "ham/discussion": TECH + ("cooking", "baking", "gardening", "photography", "diy", "finance"),
    "ham/rant": ("politics", "local-news"), "ham/substitution": ("cooking", "baking"),
    "ham/product": ("reviews", "diy", "photography", "music", "gaming", "cars"),
    "ham/vendor-reply": ("reviews", "python", "web", "dotnet", "devops"),
    "ham/chatty": ("personal", "travel", "parenting", "pets", "cooking"),
    "ham/issue-link": TECH,
    "ham/money": ("finance", "finance", "personal", "parenting", "local-news", "politics", "cars"),
    "ham/review": ("reviews", "reviews", "photography", "cooking", "baking", "cars", "gardening", "gaming", "music", "diy", "pets", "travel", "health", "finance", "parenting"),
    "ham/phone-mention": ("local-news", "local-news", "travel", "personal", "parenting", "pets", "politics", "gardening"),
}


def youtube(make: Callable[[], str], niche: str = "") -> Callable[[Post], str | tuple[str, str]]:
    return (lambda post: (make(), niche)) if niche else (lambda post: make())


HAM_KINDS: dict[str, tuple[HamMaker, int]] = {
    "ham/thanks": (ham_thanks, 260),
    "ham/praise": (ham_praise, 260),
    "ham/question": (ham_question, 280),
    "ham/stack-trace": (ham_stack_trace, 210),
    "ham/code": (ham_code, 210),
    "ham/doc-link": (ham_doc_link, 230),
    "ham/own-post": (lambda post: "", 150),  # made in make_row, which knows the author's website
    "ham/correction": (ham_correction, 140),
    "ham/disagreement": (ham_disagree, 170),
    "ham/rant": (ham_rant, 120),
    "ham/anecdote": (ham_anecdote, 180),
    "ham/substitution": (ham_substitution, 90),
    "ham/tip": (ham_tip, 150),
    "ham/reply": (ham_reply, 170),
    "ham/author-reply": (ham_author_reply, 130),
    "ham/foreign": (ham_foreign, 210),
    "ham/brand-complaint": (ham_brand_complaint, 200),
    "ham/product": (ham_product, 110),
    "ham/long": (ham_long, 180),
    "ham/discussion": (ham_discussion, 200),
    "ham/rude": (ham_rude, 70),
    "ham/chatty": (ham_chatty, 150),
    "ham/user-group": (ham_user_group, 130),
    "ham/video-link": (ham_video_link, 150),
    "ham/issue-link": (ham_issue_link, 110),
    "ham/double-post": (ham_double_post, 110),
    "ham/old-engine": (ham_old_engine, 200),
    "ham/angry-long": (ham_angry_long, 110),
    "ham/non-native": (ham_non_native, 180),
    "ham/review": (ham_review, 150),
    "ham/quote-reply": (ham_quote_reply, 140),
    "ham/phone-mention": (ham_phone_mention, 80),
    "ham/money": (ham_money, 80),
    "ham/everyday": (ham_everyday, 110),
    "ham/link-talk": (ham_link_talk, 110),
    "ham/joke": (ham_joke, 60),
    "ham/vendor-reply": (ham_vendor_reply, 40),
    "ham/own-words": (lambda post: ham_own_words(), 70),
    "ham/yt-music": (youtube(yt_ham_music), 280),
    "ham/yt-short": (youtube(yt_ham_short), 90),
    "ham/yt-link": (youtube(yt_ham_link), 60),
}
SPAM_KINDS: dict[str, tuple[SpamMaker, int]] = {
    "spam/support-phone": (mix(sp_support_phone, sp_support_phone, sp_phone_parts), 340),
    "spam/airline-phone": (mix(sp_airline_phone, sp_airline_phone, sp_travel_phone_parts), 220),
    "spam/praise-pitch": (mix(sp_praise_pitch, sp_praise_pitch, sp_pitch_parts), 380),
    "spam/service-ad": (mix(sp_service_ad, sp_service_parts), 310),
    "spam/course-agency": (sp_course, 180),
    "spam/visit-my-site": (mix(sp_visit_site, sp_visit_parts, sp_visit_parts), 200),
    "spam/backlink-request": (mix(sp_backlink, sp_backlink_parts), 140),
    "spam/spun-praise": (sp_spun_praise, 200),
    "spam/pharmacy": (mix(sp_pharmacy, sp_pharmacy_parts), 150),
    "spam/casino": (mix(sp_casino, sp_casino_parts), 150),
    "spam/crypto": (sp_crypto, 130),
    "spam/fund-recovery": (sp_fund_recovery, 110),
    "spam/testimonial": (sp_testimonial, 100),
    "spam/essay": (mix(sp_essay, sp_essay_parts), 120),
    "spam/dating": (mix(sp_dating, sp_dating_parts, sp_dating_parts), 130),
    "spam/loans": (mix(sp_loans, sp_loans_parts, sp_loans_parts), 120),
    "spam/replica-goods": (sp_replica, 80),
    "spam/foreign": (mix(sp_foreign, sp_foreign_parts, sp_foreign_parts, sp_foreign_parts), 230),
    "spam/anchor-list": (sp_anchor_list, 130),
    "spam/stuffing": (sp_stuffing, 60),
    "spam/article": (sp_article, 130),
    "spam/yt-channel": (youtube(yt_channel, "apps"), 310),
    "spam/yt-short-promo": (youtube(yt_short_promo, "apps"), 90),
    "spam/yt-share": (youtube(yt_share, "apps"), 35),
    "spam/yt-like-begging": (youtube(yt_like_beg, "apps"), 45),
    "spam/yt-thumbs-up": (youtube(yt_thumbs_up, "apps"), 100),
    "spam/yt-praise-promo": (youtube(yt_praise_promo, "apps"), 60),
    "spam/yt-vote-link": (youtube(yt_vote_link, "apps"), 40),
    "spam/yt-follow": (youtube(yt_follow, "apps"), 70),
    "spam/yt-music-promo": (youtube(yt_music_promo, "apps"), 65),
    "spam/yt-money-from-home": (youtube(yt_money_home, "loans"), 70),
    "spam/yt-contest": (youtube(yt_contest, "apps"), 40),
    "spam/yt-phishing": (youtube(yt_phishing, "apps"), 30),
    "spam/yt-obfuscated": (youtube(yt_obfuscated, "pharma"), 30),
    "spam/yt-fake-review": (youtube(yt_fake_review, "health"), 30),
    "spam/yt-gibberish": (youtube(yt_gibberish, "apps"), 15),
    "spam/yt-repeat": (youtube(yt_repeat, "apps"), 15),
}


def spam_author(niche: str, text: str) -> str:
    """Spammers sign with a person's name, the anchor text they want ranked, or a business name."""
    style = R.random()
    if style < 0.45:
        return person()
    if style < 0.7:
        words = SERVICE_PRODUCTS.get(niche) or NICHES[niche]
        return f"{pick(words)}{maybe(0.4, ' ' + pick(PLACES).title())}" if chance(0.6) else f"{pick(SELL)} {pick(words)}".title()
    if style < 0.8:
        brand = re.search(r"\b(" + "|".join(re.escape(b) for bs in BRANDS.values() for b in bs) + r")\b", text)
        if brand:
            return f"{brand.group(1)} {pick(['Support', 'Customer Service', 'Helpline', 'Phone Number', 'Help'])}"
        return f"{cap(pick(NICHES[niche]))} {pick(['Services', 'Pros', 'Online', 'Experts'])}"
    if style < 0.9:
        return spam_domain(niche)
    return f"{pick(FIRST)} {maybe(0.5, pick(LAST) + ' ')}@ {cap(pick(NICHES[niche]))}"


def spam_email(niche: str, author: str) -> str:
    style = R.random()
    if style < 0.4:
        return f"{slug(author).replace('-', '')[:20] or rand_id(8)}{R.randint(1, 9999)}@{pick(FREEMAIL)}"
    if style < 0.65:
        return f"{pick(['info', 'contact', 'sales', 'support', 'admin', 'hello', 'seo', 'marketing'])}@{spam_domain(niche)}"
    if style < 0.85:
        return f"{rand_id(R.randint(6, 12))}@{pick(['gmail.com', 'mail.ru', 'yandex.com', 'outlook.com', 'hotmail.com', 'qq.com', '163.com'])}"
    return f"{pick(FIRST).lower()}.{pick(LAST).lower().replace(' ', '')}@{pick(FREEMAIL)}"


def no_signals() -> dict[str, str]:
    return {k: "" for k in SIGNAL_COLUMNS}


def signals(label: str) -> dict[str, str]:
    """Invent plausible client signals for about one row in five (see the module docstring)."""
    if R.random() >= 0.2:
        return no_signals()
    if label == "spam":
        bot = R.random() < 0.6  # scripted posting fills the hidden field and submits at once
        seconds = R.uniform(0.2, 2.9) if bot and R.random() < 0.8 else R.choice([R.uniform(3, 9.9), R.uniform(10, 120)])
        return {
            "honeypot": "1" if bot else "0",
            "seconds_to_submit": f"{seconds:.1f}",
            "author_approved": str(R.choice([0, 0, 0, 0, 1])),
            "author_spam": str(R.choice([0, 0, 1, 2, 5])),
            "near_duplicates": str(R.choice([0, 1, 3, 8, 20])),
        }
    return {
        "honeypot": "0",
        "seconds_to_submit": f"{R.choice([R.uniform(4, 9.9), R.uniform(10, 60), R.uniform(30, 900)]):.1f}",
        "author_approved": str(R.choice([0, 0, 1, 2, 4, 12, 40])),
        "author_spam": str(R.choice([0, 0, 0, 0, 0, 0, 1])),
        "near_duplicates": str(R.choice([0, 0, 0, 0, 1])),
    }


def bot_signals() -> dict[str, str]:
    """Signals of scripted posting: the hidden field filled, seconds to submit, repeats."""
    honeypot = R.random() < 0.75
    fast = not honeypot or R.random() < 0.7
    return {
        "honeypot": "1" if honeypot else "0",
        "seconds_to_submit": f"{R.uniform(0.2, 2.9):.1f}" if fast else "",
        "author_approved": "0",
        "author_spam": str(R.choice([0, 0, 1, 3])),
        "near_duplicates": str(R.choice([0, 2, 6, 15, 40])),
    }


def human_signals() -> dict[str, str]:
    return {
        "honeypot": "0",
        "seconds_to_submit": f"{R.uniform(8, 400):.1f}",
        "author_approved": str(R.choice([0, 1, 2, 3, 6, 15, 30])),
        "author_spam": "0",
        "near_duplicates": str(R.choice([0, 0, 0, 1])),
    }


def generic_praise() -> str:
    """Bland praise that a person or a bot could have written; only the signals tell them apart."""
    return noise(join(
        pick(["Nice", "Great", "Good", "Very nice", "Really good", "Excellent", "Lovely", "Cool", "Helpful", "Interesting"]),
        pick(["article", "post", "read", "write-up", "blog", "piece", "content", "information", "tips", "story"]) + pick([".", "!", ",", ""]),
        pick(["Thanks for sharing", "Thank you", "Keep it up", "Well done", "Very useful", "I learned a lot",
              "Waiting for more", "Good job", "Cheers", "Keep writing", ""]) + pick([".", "!", ""]),
    ), 0.3)


# The newer makers compose long comments themselves and are rambled on less.
COMPOSED = ("ham/link-talk", "ham/user-group", "ham/video-link", "ham/issue-link", "ham/review", "ham/quote-reply", "ham/phone-mention", "ham/money", "ham/everyday")
KEEP_FORM = ("ham/thanks", "ham/long", "ham/foreign", "ham/chatty", "ham/double-post", "ham/old-engine", "ham/angry-long", "ham/non-native")


def make_row(kind: str) -> dict[str, str]:
    label = kind.split("/", 1)[0]
    is_yt = "/yt-" in kind
    post = new_post(SITE_BY_NAME[pick(SITES_FOR[kind])] if kind in SITES_FOR else None)
    title = video_title() if is_yt else post.title
    if label == "ham":
        author = person()
        url = ham_author_url(author) if chance(0.25) or kind == "ham/own-post" else ""
        if kind == "ham/own-post":
            text = ham_own_post(post, url) if chance(0.5) else ham_own_post_parts(post, url)
        else:
            text = HAM_KINDS[kind][0](post)
        # Kinds whose form is the point (pasted twice, exported markup, a second language) keep it.
        if not is_yt and kind not in KEEP_FORM and chance(0.2 if kind in COMPOSED else 0.45):
            text = ramble(text, post, lead=kind not in ("ham/reply", "ham/author-reply", "ham/vendor-reply", "ham/quote-reply"))
        has_link = bool(re.search(r"https?://|www\.", text))
        if not is_yt and kind != "ham/old-engine" and chance(0.4 if has_link else 0.08):
            text = htmlish(text)
        email = ham_email(author) if chance(0.45) else ""
    else:
        text, niche = SPAM_KINDS[kind][0](post)
        author = spam_author(niche, text) if not is_yt or chance(0.3) else person()
        # A money site in the website field is the whole point for most link spammers; some leave
        # it empty and put the link in the text, a few leave no link at all.
        has_link = bool(re.search(r"https?://|www\.|\.(com|net|org|info|xyz|ru|in)\b", text))
        url = spam_url(niche, path=chance(0.2)) if chance(0.85 if not has_link else 0.55) and not is_yt else ""
        # Spam comes out of old blog engines too: the markup and broken encodings are not a sign of a reader.
        if not is_yt and chance(0.12):
            text = old_engine(text) if chance(0.6) else htmlish(text, links=True)
        email = spam_email(niche, author) if chance(0.55) else ""
    return {"text": text.strip(), "author": author, "label": label, "kind": kind, "page_title": title,
            "author_url": url, "email": email, **signals(label)}


def _website_only_row(label: str, kind: str) -> dict[str, str]:
    text = generic_praise().strip()
    if label == "spam":
        niche = pick(list(NICHES))
        author, url = spam_author(niche, text), spam_url(niche, path=chance(0.2))
    else:
        author = person()
        url = ham_author_url(author)
    return {"text": text, "author": author, "label": label, "kind": kind, "page_title": new_post().title,
            "author_url": url, "email": "", **no_signals()}


def generate() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(kind: str, count: int, build: Callable[[], dict[str, str]]) -> None:
        made = tries = 0
        while made < count:
            tries += 1
            if tries > count * 30:
                raise SystemExit(f"{kind}: only {made} of {count} distinct texts; add fillers to its slots")
            row = build()
            key = " ".join(row["text"].lower().split())
            if not key or key in seen:
                continue
            seen.add(key)
            rows.append(row)
            made += 1

    for kinds in (SPAM_KINDS, HAM_KINDS):
        for kind, (_, count) in kinds.items():
            add(kind, count, lambda kind=kind: make_row(kind))
    # Bland comments whose label only the signals decide: this is what teaches the model the
    # honeypot, the submit time and author history (bots post the same praise without a link).
    for label, kind, make_signals in (("spam", "spam/bot-generic", bot_signals), ("ham", "ham/generic-praise", human_signals)):
        add(kind, 90, lambda label=label, kind=kind, make_signals=make_signals: {
            "text": generic_praise().strip(), "author": person(), "label": label, "kind": kind, "page_title": new_post().title,
            "author_url": "", "email": "", **make_signals()})
    # The same bland praise again, its label decided by the website field alone: a link spammer's
    # money site ("Nice site!" signed by the keyword it wants ranked), or a reader's own blog,
    # profile or small business. This is where the website cues learn what they weigh by themselves.
    for label, kind in (("spam", "spam/website-only"), ("ham", "ham/website-reader")):
        add(kind, 90, lambda label=label, kind=kind: _website_only_row(label, kind))
    R.shuffle(rows)
    return rows


# ------------------------------------------------------------------------------------------------
# Measuring the variety

def trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def skeleton(text: str) -> str:
    """The text with links, e-mail addresses and numbers masked: what is left is the template."""
    text = re.sub(r"\S+@\S+", "@", re.sub(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|xyz|ru|in|io|co|us)\b\S*", "U", text))
    return " ".join(re.sub(r"\d+", "0", text.lower()).split())


def variety(rows: list[dict[str, str]]) -> list[tuple[str, int, float, float, float, float]]:
    """Per kind and overall: rows, distinct word 3-grams per row, unique texts, unique skeletons, median words."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row["text"])
    by_kind = dict(sorted(by_kind.items()))
    out = []
    for kind, texts in [*by_kind.items(), ("all", [r["text"] for r in rows])]:
        grams: set[tuple[str, ...]] = set()
        for t in texts:
            grams |= trigrams(t)
        exact = Counter(texts)
        unique = sum(1 for t in texts if exact[t] == 1) / len(texts)
        shapes = Counter(skeleton(t) for t in texts)
        unique_shape = sum(1 for t in texts if shapes[skeleton(t)] == 1) / len(texts)
        lengths = sorted(len(t.split()) for t in texts)
        out.append((kind, len(texts), len(grams) / len(texts), unique, unique_shape, float(lengths[len(lengths) // 2])))
    return out


def report(rows: list[dict[str, str]]) -> str:
    spam = sum(r["label"] == "spam" for r in rows)
    yt = sum("/yt-" in r["kind"] for r in rows)
    lines = [
        f"{len(rows)} rows: {spam} spam ({100 * spam / len(rows):.0f}%), {len(rows) - spam} ham; "
        f"{yt} YouTube-style ({100 * yt / len(rows):.0f}%); {sum(bool(r['honeypot']) for r in rows)} with client signals; "
        f"{sum(bool(r['author_url']) for r in rows)} with an author URL ({sum(bool(r['author_url']) for r in rows if r['label'] == 'spam')} of them spam).",
        "",
        "| kind | rows | distinct word 3-grams per row | unique texts | unique with links and numbers masked | median words |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, n, grams, unique, unique_shape, median in variety(rows):
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name} | {n} | {grams:.1f} | {100 * unique:.0f}% | {100 * unique_shape:.0f}% | {median:.0f} |")
    return "\n".join(lines)


def update_readme(table: str) -> None:
    start, stop = "<!-- variety:start -->", "<!-- variety:stop -->"
    if not README.exists():
        return
    text = README.read_text(encoding="utf-8")
    if start not in text or stop not in text:
        return
    head, rest = text.split(start, 1)
    tail = rest.split(stop, 1)[1]
    README.write_text(f"{head}{start}\n{table}\n{stop}{tail}", encoding="utf-8")


def main() -> None:
    rows = generate()
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    table = report(rows)
    update_readme(table)
    print(f"wrote {OUT.name}\n{table}", file=sys.stdout)


if __name__ == "__main__":
    main()
