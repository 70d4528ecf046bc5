"""Write data/starter_corpus.csv, the labelled corpus the starter spam model is trained on.

Every text is assembled here from templates, vocabulary, names and sentence fragments written for
this project (nothing is copied from any public data set), with a fixed seed so the CSV is the same
on every run: ``python data/make_starter_corpus.py``. Columns: text, author, label (spam/ham), kind
(e.g. spam/pharmacy, ham/disagreement), and the optional client-signal columns honeypot,
seconds_to_submit, author_approved, author_spam, near_duplicates. Those signals exist on a live site
but in no public corpus, so about one row in five carries invented but plausible values (bots fill
the honeypot and submit within seconds; regulars have approved history) and every other row leaves
them blank. Those rows' labels come from their text, which then explains them alone, so a further 90
spam rows (kind spam/bot-generic) and 90 ham rows (ham/generic-praise) share the same bland praise
and differ only in their signals: bots filling the hidden field, submitting within seconds and
repeating themselves, against people with normal timing and approved history. These rows are the
only source of the signal weights in the starter model; moderator decisions replace them as the
site runs.
"""

# The templates are data: one sentence a line reads and diffs better than wrapped fragments.
# ruff: noqa: E501

from __future__ import annotations

import csv
import random
import string
from collections.abc import Callable
from pathlib import Path

SEED = 20261126
OUT = Path(__file__).resolve().parent / "starter_corpus.csv"
COLUMNS = [
    "text", "author", "label", "kind",
    "honeypot", "seconds_to_submit", "author_approved", "author_spam", "near_duplicates",
]

R = random.Random(SEED)


def pick(seq: list[str] | tuple[str, ...]) -> str:
    return R.choice(seq)


def maybe(p: float, text: str, other: str = "") -> str:
    return text if R.random() < p else other


# ------------------------------------------------------------------------------------------------
# Names and links

FIRST = [
    "Anna", "Ben", "Carlos", "Dana", "Eli", "Fatima", "George", "Hana", "Ivan", "Julia", "Kofi",
    "Laura", "Marco", "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Mike", "Jess", "Tom", "Kate", "Luis", "Mei", "Omar", "Sofia",
    "Raj", "Emma", "Jack", "Chloe", "Diego", "Amara", "Noah", "Lena", "Peter", "Aisha", "Hugo",
]
LAST = [
    "Smith", "Garcia", "Nguyen", "Kowalski", "Okafor", "Rossi", "Murphy", "Schmidt", "Tanaka",
    "Silva", "Novak", "Haddad", "Jensen", "Brown", "Lopez", "Petrov", "Khan", "Moreau", "Walsh",
    "Ibrahim", "Park", "Costa", "Fischer", "Reyes", "Dubois", "Hughes", "Ali", "Larsen",
]
HANDLE_A = ["dark", "lil", "big", "real", "xx", "the", "mr", "its", "king", "queen", "super", "official"]
HANDLE_B = ["gamer", "beats", "wolf", "tiger", "vibes", "music", "boss", "ninja", "star", "rider", "dude"]
BRAND_A = ["best", "cheap", "top", "easy", "fast", "smart", "pro", "mega", "quick", "daily", "global"]
BRAND_B = ["pills", "deals", "profit", "casino", "bet", "loans", "seo", "traffic", "crypto", "cash",
           "trade", "meds", "shop", "wins", "likes", "followers", "views", "rx", "coin", "invest"]
BRAND_C = ["now", "24", "online", "hub", "pro", "club", "zone", "365", "x", "world", "store", "king"]
SPAM_TLDS = ["com", "com", "net", "org", "info", "biz", "xyz", "ru", "online", "site", "top", "co"]
SHORTENERS = ["bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "is.gd", "cutt.ly", "t.co", "rb.gy"]
SOCIAL = ["facebook.com", "instagram.com", "twitter.com", "soundcloud.com", "twitch.tv",
          "tiktok.com", "plus.google.com", "myspace.com", "tumblr.com", "reverbnation.com"]
HAM_SITES = [
    "en.wikipedia.org/wiki/{w}", "docs.python.org/3/library/{l}.html",
    "developer.mozilla.org/en-US/docs/Web/{w}", "github.com/{u}/{u2}/issues/{n}",
    "stackoverflow.com/questions/{n}", "www.bbc.co.uk/news/{l}-{n}", "arxiv.org/abs/2{n}",
    "www.nytimes.com/{y}/03/12/{l}.html", "www.postgresql.org/docs/current/{l}.html",
    "man7.org/linux/man-pages/man2/{l}.2.html", "www.reuters.com/world/{l}-{n}",
    "pubmed.ncbi.nlm.nih.gov/{n}", "www.gutenberg.org/ebooks/{n}", "archive.org/details/{l}",
]
WIKI = ["Stoicism", "Photosynthesis", "Treaty_of_Westphalia", "Unicode", "Sourdough", "Byzantine_Empire",
        "Elo_rating_system", "Keynesian_economics", "HTTP_cookie", "Plate_tectonics", "Fermentation"]
LIBS = ["asyncio", "sqlite3", "datetime", "itertools", "select", "epoll", "unicodedata", "json", "ssl"]


def rand_id(n: int, chars: str = string.ascii_letters + string.digits + "_-") -> str:
    return "".join(R.choice(chars) for _ in range(n))


def person() -> str:
    style = R.random()
    if style < 0.45:
        return f"{pick(FIRST)} {pick(LAST)}"
    if style < 0.65:
        return pick(FIRST)
    if style < 0.85:
        return f"{pick(HANDLE_A)}{pick(HANDLE_B)}{maybe(0.5, str(R.randint(1, 999)))}"
    return f"{pick(FIRST).lower()}_{pick(LAST).lower()}{maybe(0.4, str(R.randint(70, 2005)))}"


def spam_author() -> str:
    style = R.random()
    if style < 0.55:
        return person()
    if style < 0.8:
        return f"{pick(BRAND_A).title()} {pick(BRAND_B).title()} {pick(BRAND_C).title()}"
    if style < 0.9:
        return f"{pick(BRAND_A)}{pick(BRAND_B)}{pick(BRAND_C)}.{pick(SPAM_TLDS)}"
    return f"{pick(HANDLE_A).title()} {pick(HANDLE_B).title()} TV"


def spam_domain() -> str:
    return f"{pick(BRAND_A)}{maybe(0.5, pick(BRAND_B))}{pick(BRAND_B)}{maybe(0.5, pick(BRAND_C))}.{pick(SPAM_TLDS)}"


def spam_link() -> str:
    style = R.random()
    scheme = pick(["http://", "https://", "https://www.", "www.", ""])
    if style < 0.45:
        return f"{scheme}{spam_domain()}{maybe(0.5, '/' + pick(['go', 'offer', 'ref', 'promo', 'join', 'bonus', 'p']) + maybe(0.6, '/' + rand_id(6, string.ascii_lowercase + string.digits)))}"
    if style < 0.75:
        return f"{pick(['http://', 'https://', ''])}{pick(SHORTENERS)}/{rand_id(R.randint(5, 8), string.ascii_letters + string.digits)}"
    return f"{scheme}{pick(SOCIAL)}/{pick(HANDLE_A)}{pick(HANDLE_B)}{maybe(0.5, str(R.randint(1, 99)))}"


def youtube_link() -> str:
    style = R.random()
    scheme = pick(["http://", "https://", "https://www.", "www.", "https://m.", ""])
    if style < 0.35:
        return f"{scheme}youtube.com/watch?v={rand_id(11)}"
    if style < 0.55:
        return f"{pick(['http://', 'https://', ''])}youtu.be/{rand_id(11)}"
    if style < 0.8:
        return f"{scheme}youtube.com/channel/UC{rand_id(22)}"
    return f"{scheme}youtube.com/user/{pick(HANDLE_A)}{pick(HANDLE_B)}{R.randint(1, 99)}"


def ham_link() -> str:
    t = pick(HAM_SITES)
    url = t.format(
        w=pick(WIKI), l=pick(LIBS), u=pick(HANDLE_B), u2=pick(LIBS), n=R.randint(1000, 99999),
        y=R.randint(2009, 2025),
    )
    return pick(["https://", "https://", "http://", ""]) + url


# ------------------------------------------------------------------------------------------------
# Surface noise shared by both classes, so style alone never gives the label away

EMOJI = ["😂", "❤", "❤️", "😍", "🔥", "👍", "🙏", "😭", "👏", "💯", "😎", "🙌", "😀", "🤣", ":)", ":D", "<3", "xD"]


def noise(text: str, casual: float = 0.5) -> str:
    if R.random() < casual * 0.5:
        text = text.lower()
    if R.random() < casual * 0.3:
        text = text.replace(",", "").replace("'", "")
    if R.random() < 0.06:
        text = text.upper()
    if R.random() < casual * 0.35:
        text = text.rstrip(".!") + " " + pick(EMOJI) + maybe(0.3, pick(EMOJI))
    if R.random() < 0.12:
        text = text.rstrip(".") + pick(["!!", "!!!", "!", "..", "...", "?!"])
    if R.random() < 0.05:
        text = "\ufeff" + text  # pasted text often carries a byte-order mark
    return text


def join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


# ------------------------------------------------------------------------------------------------
# Spam


def sp_channel() -> str:
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


def sp_follow() -> str:
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


def sp_music_promo() -> str:
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


def sp_money_home() -> str:
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


def sp_crypto() -> str:
    coin = pick(["bitcoin", "BTC", "ethereum", "crypto", "forex", "binary options", "USDT", "a new token", "dogecoin"])
    who = pick(["Mr.", "Mrs.", "Dr.", "Expert", "Coach"]) + " " + pick(LAST)
    text = join(
        pick([
            f"I invested $1,000 in {coin} with {who} and got back $12,000 in two weeks.",
            f"Thanks to {who} my {coin} portfolio grew 400%.",
            f"Anyone still struggling with {coin} trading should contact {who}.",
            f"{coin.capitalize()} is the future, don't miss the opportunity!",
            f"Earn 30% daily profit trading {coin} with our automated bot.",
            f"I was skeptical at first but {who} helped me recover my lost {coin}.",
            f"Guaranteed returns on {coin}, minimum deposit $250.",
            f"Get free {coin} now, airdrop ends tonight!",
        ]),
        pick([
            f"Contact on WhatsApp +1 {R.randint(200, 989)} {R.randint(200, 999)} {R.randint(1000, 9999)}",
            f"Message {who.split()[1].lower()}{R.randint(1, 99)}@gmail.com",
            "Join our Telegram group: t.me/" + rand_id(9, string.ascii_lowercase),
            f"Sign up here {spam_link()}",
            f"Visit {spam_link()}",
            "DM me for details",
        ]),
        pick(["", "Thank me later.", "Best decision I ever made.", "God bless you sir.", "Don't wait!"]),
    )
    return noise(text, 0.3)


def sp_seo() -> str:
    topic = pick(["SEO", "web design", "digital marketing", "home improvement", "roofing", "dog training",
                  "weight loss", "essay writing", "car insurance", "plumbing", "real estate", "travel tips",
                  "wedding dresses", "payday loans", "link building", "social media marketing"])
    text = pick([
        f"Great article! I also wrote about {topic} on my blog: {spam_link()}",
        f"Very informative post. For more {topic} tips visit {spam_link()}",
        f"Thanks for sharing. We offer the best {topic} services, check {spam_link()}",
        f"I found this very helpful. Here is a good resource on {topic}: {spam_link()}",
        f"Nice blog! If anyone needs professional {topic}, contact us at {spam_link()}",
        f"This is exactly what I was looking for. Keep it up! <a href=\"http://{spam_domain()}\">{topic}</a>",
        f"Awesome content, bookmarked! Check my site about {topic} {spam_link()}",
        f"{topic} {topic} best {topic} cheap {topic} {spam_link()}",
        f"Hello admin, I want to exchange links with your site about {topic}. My site: {spam_link()}",
        f"Buy cheap {topic} backlinks, high DA, fast results {spam_link()}",
    ])
    return noise(text, 0.2)


def sp_praise_link() -> str:
    text = join(
        pick([
            "Great post", "Nice article", "Very good information", "Wonderful blog", "Thank you for this",
            "Amazing content", "I really enjoyed reading this", "This helped me a lot", "Superb write up",
            "Nice video", "Great song", "Awesome video", "Love this song",
        ]) + pick(["!", ".", "!!", ","]),
        pick([
            "please visit my website", "also visit my site", "you can also check", "see more here",
            "have a look at my page", "I have something similar here", "visit us at", "more info at",
            "check out this site", "click here", "my site",
        ]),
        spam_link(),
    )
    return noise(text, 0.4)


def sp_pharmacy() -> str:
    drug = pick(["viagra", "cialis", "levitra", "tramadol", "xanax", "oxycodone", "valium", "phentermine",
                 "ambien", "generic viagra", "sildenafil", "adderall", "weight loss pills", "diet pills"])
    text = pick([
        f"Buy {drug} online without prescription {spam_link()}",
        f"Cheap {drug}, fast worldwide shipping, no prescription needed. {spam_link()}",
        f"{drug.upper()} 80% OFF!!! Order now at {spam_link()}",
        f"Best prices on {drug} and {pick(['cialis', 'xanax', 'valium', 'soma'])}, discreet delivery {spam_link()}",
        f"Lose 20 pounds in 2 weeks with {drug}! {spam_link()}",
        f"Need {drug}? We ship overnight, pay with bitcoin {spam_link()}",
        f"Order {drug} 100mg online, lowest price guaranteed, {spam_link()}",
        f"{drug} {drug} {drug} online pharmacy discount {spam_link()}",
        f"Canadian pharmacy: {drug} for $0.99 per pill {spam_link()}",
        f"Get {drug} delivered to your door, no doctor visit {spam_link()}",
    ])
    return noise(text, 0.2)


def sp_casino() -> str:
    game = pick(["online casino", "slots", "sports betting", "poker", "roulette", "blackjack", "online betting",
                 "free spins", "jackpot", "football betting", "live casino"])
    text = pick([
        f"Best {game} site 2024, 200% welcome bonus {spam_link()}",
        f"I won $5,000 on {game} last night!! Try it {spam_link()}",
        f"Get 100 free spins at the best {game}, no deposit required: {spam_link()}",
        f"Play {game} and win real money now {spam_link()}",
        f"Top rated {game}, instant withdrawals, sign up bonus {spam_link()}",
        f"Bet on tonight's game with our {game} app, use promo code WIN{R.randint(10, 999)} {spam_link()}",
        f"{game.title()} bonus code: BONUS{R.randint(100, 999)} - claim it at {spam_link()}",
        f"Looking for trusted {game}? Check {spam_link()}",
    ])
    return noise(text, 0.3)


def sp_phishing() -> str:
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


def sp_adult() -> str:
    text = pick([
        f"Hot singles in your area are waiting for you {spam_link()}",
        f"Lonely tonight? Meet real girls near you {spam_link()}",
        f"I'm {R.randint(19, 26)} and bored, see my private photos {spam_link()}",
        f"Free adult webcams, no sign up {spam_link()}",
        f"Want to date me? My profile is here {spam_link()}",
        f"Sexy girls want to chat with you right now {spam_link()}",
        f"Click here for uncensored videos {spam_link()}",
        f"Hi dear, I saw your comment and I like you. Write me at {pick(FIRST).lower()}{R.randint(80, 99)}@{pick(['mail.ru', 'yahoo.com', 'gmail.com'])}",
    ])
    return noise(text, 0.4)


def sp_fake_review() -> str:
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


def sp_contest() -> str:
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


def sp_gibberish() -> str:
    words = ["".join(pick(GIBBERISH_SYL) for _ in range(R.randint(1, 4))) for _ in range(R.randint(4, 16))]
    text = " ".join(words)
    if R.random() < 0.5:
        text += " " + spam_link()
    if R.random() < 0.3:
        text = rand_id(R.randint(20, 60), string.ascii_letters + string.digits + "      ")
    return text


def sp_stuffing() -> str:
    kw = pick(["cheap flights", "best vpn", "buy followers", "essay writing service", "car loans", "weight loss",
               "replica watches", "cheap jerseys", "seo services", "free movies online", "bitcoin casino"])
    n = R.randint(3, 8)
    text = " ".join(pick([kw, kw + " " + pick(["online", "2024", "cheap", "best", "fast", "free", "usa", "uk"])]) for _ in range(n))
    return noise(text + " " + maybe(0.7, spam_link()), 0.2)


def sp_repeat() -> str:
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


def sp_obfuscated() -> str:
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


def sp_short_promo() -> str:
    text = pick([
        "sub to me", "subscribe to me pls", "check my channel", "check out my channel!", "please sub",
        "follow me", "sub4sub", "check out my videos", "subscribe plz", "like and subscribe to me",
        "visit my channel", "check out my page", "watch my videos please", "sub me back",
    ])
    return noise(join(text, maybe(0.6, youtube_link() if R.random() < 0.7 else spam_link())), 0.9)


def sp_share() -> str:
    # The text YouTube's share button pre-fills, pasted under other people's videos.
    what = pick(["video", "video", "video", "playlist", "channel", "song", "live stream"])
    text = pick([
        f"Check out this {what} on YouTube:", f"Check out this {what} on YouTube", f"Watch this {what} on YouTube:",
        f"check out this {what} on youtube", f"Check out this {what} on YouTube!", f"Check this {what} out on YouTube:",
    ])
    if R.random() < 0.4:
        text = join(text, pick(["", "", "it's hilarious", "omg", "you have to see this", "best one ever", "my new one"]))
    return noise(join(text, maybe(0.5, youtube_link())), 0.3)


def sp_like_beg() -> str:
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


# ------------------------------------------------------------------------------------------------
# Ham

SINGERS = ["she", "he", "they", "her", "this band", "this guy", "the singer", "this girl"]
SONG_ADJ = ["amazing", "beautiful", "so catchy", "a masterpiece", "underrated", "overrated", "stuck in my head",
            "perfect", "so good", "fire", "a classic", "annoying but catchy", "so nostalgic", "legendary", "epic"]


def ham_music() -> str:
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


def ham_short() -> str:
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


def ham_praise() -> str:
    text = join(
        pick([
            "Great article.", "This is the clearest explanation I've read.", "Thank you for writing this.",
            "Really enjoyed this piece.", "Beautifully written.", "What a thoughtful post.",
            "I shared this with my team.", "This made my morning.", "Loved the photos in this one.",
            "Your writing keeps getting better.", "Fantastic recipe.", "Very well researched.",
        ]),
        pick([
            f"The part about {pick(TOPICS)} especially.", "I had never thought about it that way.",
            "I'll be coming back to this.", "My partner and I talked about it over dinner.",
            "Looking forward to the next part.", "It answered questions I had for years.",
            "I tried the second tip and it worked.", "The examples really helped.", "",
        ]),
        maybe(0.3, pick(["Keep it up!", "Cheers.", "Thanks again.", "Bravo.", "Much appreciated."])),
    )
    return noise(text, 0.3)


def ham_question() -> str:
    text = join(
        pick(["Quick question:", "Genuine question:", "Sorry if this is obvious, but", "Hi,", "", ""]),
        pick([
            "does this also work on Windows?", "what oven temperature did you use?",
            f"where did you get the data on {pick(TOPICS)}?", "would this still apply if you rent?",
            "is there a version of this for beginners?", "how long did the whole project take you?",
            "can you recommend a book on this?", "what camera did you use for these photos?",
            "did you ever hear back from the council?", "does anyone know if the event is still on Saturday?",
            "what's the name of the song at the end?", "is the second edition worth buying?",
            "how do you deal with the humidity?", "has anyone tried this with gluten free flour?",
            "what version of Python is this?", "where was this filmed?", "who directed this video?",
            "is this the original version or a remix?", "when is the next part coming out?",
        ]),
        maybe(0.4, pick(["Thanks!", "Thanks in advance.", "Cheers.", "Would love to know."])),
    )
    return noise(text, 0.4)


def ham_correction() -> str:
    text = join(
        pick(["Small correction:", "Minor nitpick:", "Just a heads up,", "Typo alert:", "I think there's a mistake:", "FYI"]),
        pick([
            "the treaty was signed in 1648, not 1658.", "the second link is broken.",
            "the chart labels for 2019 and 2020 are swapped.", "it's 'its', not 'it's', in the third paragraph.",
            "the recipe says 200 g sugar in one place and 250 g in another.",
            "that quote is usually attributed to Mark Twain, but there's no evidence he said it.",
            "the function returns None on failure, not an empty list.", "the meeting moved to Thursday.",
            "the population figure is for the metro area, not the city.", "the singer is the sister, not the mother.",
            "the video was uploaded in 2012, not 2014.",
        ]),
        maybe(0.5, pick(["Otherwise great post.", "Still a great read.", "Thanks for the article though.", "Love the blog."])),
    )
    return noise(text, 0.2)


def ham_disagree() -> str:
    topic = pick(TOPICS)
    sentences = [
        pick([
            f"I have to disagree on {topic}.", f"Honestly, I think you're wrong about {topic}.",
            "This misses the point entirely.", "I couldn't disagree more.", f"Your take on {topic} is one-sided.",
            "With respect, the numbers don't support this.", "I read this twice and I still don't buy it.",
        ]),
        pick([
            "You compare two cities with completely different tax structures and call it a trend.",
            "The study you cite had a sample of 40 people and was never replicated.",
            "Anyone who has actually worked in a hospital knows it doesn't work like that.",
            "You ignore the cost to the people who can least afford it.",
            "The same argument was made ten years ago and it turned out to be wrong.",
            "Correlation is not causation, and the article leans on it heavily.",
            "The people most affected were not even asked.",
            "It's easy to say that when you don't have to commute two hours a day.",
        ]),
        pick([
            "I'm not saying the current system is great, but this would make it worse.",
            "I'd like to see a follow-up that actually talks to people on the other side.",
            "Happy to be proven wrong, but I'd need better evidence than this.",
            "Frankly it reads like a press release.",
            "I used to agree with you, but after the last five years I changed my mind.",
            "",
        ]),
    ]
    if R.random() < 0.4:
        sentences.append("\n\n" + pick([
            "My family has run a small shop on this street for thirty years. When the council tried something similar, half of our neighbours closed within two years. Nobody who wrote the plan came back to see the result.",
            "I work in the field and the reality is messier. There are good ideas here, but the implementation details are where these things fail, and the article skips them entirely.",
            "Look at what happened in other countries that tried this. Some of it worked, most of it didn't, and the difference was almost always funding, not the idea itself.",
        ]))
    return noise(" ".join(sentences), 0.1)


def ham_politics() -> str:
    text = join(
        pick([
            "Both parties have been promising this for decades and nothing changes.",
            "The mayor should resign over this, full stop.", "Taxes are not the problem, spending is.",
            "This is exactly why we need proportional representation.",
            "People keep voting against their own interests and then complain.",
            "Healthcare should be a right, not a privilege.", "Government can't even fix the potholes, and you want them to run this?",
            "The protest was peaceful until the police showed up.", "Every election they find money for this and then it disappears.",
            "Faith has nothing to do with it, it's about basic decency.", "As a Christian I find this article deeply unfair.",
            "I'm an atheist and I agree with the priest here.", "Religion has caused as much good as harm, this article ignores half of history.",
            "Keep religion out of schools.", "Freedom of speech includes speech you don't like.",
            "The minister lied and everyone knows it.",
        ]),
        maybe(0.6, pick([
            "Wake up, people.", "Vote accordingly.", "Change my mind.", "History will judge this.",
            "I'm tired of pretending otherwise.", "Write to your representative.", "Shameful.", "Just my two cents.",
        ])),
    )
    return noise(text, 0.2)


def ham_rude() -> str:
    return noise(pick([
        "This is the dumbest thing I've read all week.", "Did you even proofread this?", "What a waste of time.",
        "Worst take ever. Unsubscribed.", "You clearly have no idea what you're talking about.",
        "Terrible song, don't get the hype.", "This is garbage and so are the people defending it.",
        "Who even listens to this trash?", "Cringe.", "Stop writing about things you don't understand.",
        "lol this aged badly", "Clickbait title, empty article.", "Shut up already.", "This song is so annoying",
        "The comments here are dumber than the article.", "Overrated garbage", "Boring.", "So fake",
    ]), 0.6)


def ham_technical() -> str:
    text = join(
        pick([
            "Nice write-up.", "Good explanation, one addition:", "This bit me too.", "For anyone hitting the same error,",
            "Worth noting:", "Thanks, this fixed my build.", "Great post but there's a simpler way:",
        ]),
        pick([
            "the default timeout changed in version 3.11, so the example hangs on older versions.",
            "you don't need the extra lock if you use a queue instead.", "the official docs explain the edge cases well:",
            "epoll is level-triggered by default, which is why the loop spins.", "you can set the isolation level per transaction,",
            "the regex fails on names with apostrophes.", "use a prepared statement there or you're open to SQL injection.",
            "the issue is tracked upstream:", "there's a good reference here:", "see the relevant section of the manual:",
            "I benchmarked both and the difference disappears after caching.",
        ]),
        maybe(0.6, ham_link()),
        maybe(0.3, pick(["Hope that helps.", "Took me a day to figure out.", "YMMV.", "Cheers!"])),
    )
    return noise(text, 0.1)


def ham_joke() -> str:
    return noise(pick([
        "My cat read this over my shoulder and now she wants a raise.", "I came for the recipe and stayed for the drama in the comments.",
        "Step 1: read article. Step 2: feel smart. Step 3: forget everything by lunch.",
        "I tried this and my houseplants filed a complaint.", "Plot twist: the author is three raccoons in a trench coat.",
        "This video made my dog howl, so I guess he's a fan.", "My neighbours now know every word of this song. Sorry neighbours.",
        "Me trying to do the dance: instant back pain.", "I showed this to my grandma and now she's doing the dance at family dinners.",
        "The real MVP is the guy in the background.", "I have watched this more times than I have called my mother. Sorry mom.",
        "Instructions unclear, I am now stuck in the washing machine.", "My alarm clock plays this every morning and I have never been more awake.",
    ]), 0.5)


def ham_story() -> str:
    text = join(
        pick([
            "My dad used to play this every Sunday while cooking.", "I moved to this city ten years ago with two suitcases.",
            "When I was diagnosed last year, posts like this kept me going.", "I taught for 22 years before retiring.",
            "My first concert ever was this band, back in 2011.", "We tried the hike last spring with our kids.",
            "I grew up in a small town where the library was the only place with internet.",
            "This song was playing when I met my wife.", "I lost my brother in 2016 and this was his favourite song.",
            "I used to work night shifts at a bakery.",
        ]),
        pick([
            "Reading this brought a lot of it back.", "Things were different then, but some of it hasn't changed at all.",
            "I still think about it every time I hear it.", "It took me years to realise how lucky we were.",
            "Thank you for putting it into words.", "Every time I hear it I cry a little.",
            "I wish more people talked about this openly.",
        ]),
        maybe(0.4, "\n\n" + pick([
            "Anyway, thank you. Sorry for the long comment.", "Hug your family today.",
            "If anyone is going through the same thing, it does get easier.", "Miss you, Dad.",
        ])),
    )
    return noise(text, 0.2)


def ham_reply() -> str:
    name = pick(FIRST)
    text = join(
        pick([f"@{name}", f"@{name.lower()}{R.randint(1, 99)}", f"{name},", "Reply to the comment above:", f"+{name}"]),
        pick([
            "exactly what I was going to say.", "I think you misread the article, it says the opposite.",
            "source? I've never seen that number anywhere.", "agreed, though the second half is weaker.",
            "lol same", "that's not what happened, the video was released before the album.",
            "you're right, I stand corrected.", "calm down, it's just a song.", "it's in the description.",
            "no, the remix came out first.", "thanks for the link, very helpful.", "I had the same problem, restarting fixed it.",
            "the singer is from Barbados, not Jamaica.", "it's called a bridge, not a break.",
        ]),
    )
    return noise(text, 0.5)


def ham_long() -> str:
    paras = [
        pick([
            "I've been reading this blog for years and rarely comment, but this one deserves a longer reply.",
            "I want to push back on a few points, not because the article is bad but because it's important.",
            "This is a long comment, sorry in advance.",
            "A few thoughts after reading this twice.",
        ]),
        pick([
            f"First, the framing of {pick(TOPICS)} as a simple trade-off hides the fact that the costs and benefits fall on different people. The people who gain are usually not the people who pay, and that's where the anger comes from.",
            "First, the history here is more complicated. The original policy was a compromise between three groups who all wanted different things, and each of them got a piece. Calling it a failure ignores that it did what it was designed to do.",
            "First, on the technical side: the benchmark compares a warm cache with a cold one. Run both a few times and the gap shrinks to a few percent, which matches what most people see in production.",
        ]),
        pick([
            "Second, I think the tone is unfair to those who disagree. Most of them aren't villains; they're worried about their jobs, their rent, or their kids, and they have reasons to be sceptical after the last few rounds of promises.",
            "Second, the examples are all from large cities. In rural areas the picture is very different, and a lot of the suggestions simply don't apply when the nearest hospital is an hour away.",
            "Second, I'd love to see sources for the claims in the middle section. Some of them match what I've read, others contradict it, and it's hard to tell which is which without links.",
        ]),
        pick([
            "None of this means the conclusion is wrong. I just think it needs more humility. Thanks for starting the discussion.",
            "Anyway, I appreciate the effort that went into this and I'll keep reading.",
            "I'd be curious what other readers think, especially anyone who has lived through it.",
        ]),
    ]
    return noise("\n\n".join(paras), 0.0)


def ham_blog_misc() -> str:
    return noise(pick([
        "I subscribed to the newsletter after reading this, looking forward to the next one.",
        "Just subscribed to the RSS feed. Keep these coming.",
        "Where can I buy the book you mentioned? My local shop doesn't have it.",
        "I paid $40 for the course and it was worth every penny.",
        "The new design of the site is much easier to read on my phone.",
        "Can you share the slides from the talk?",
        "The comments section is the best part of this blog.",
        "I printed this out for my dad, he doesn't use computers.",
        "Is there a Spanish translation of this?",
        "My local library has a copy of the book, for anyone who can't afford it.",
        "The link to the original study in the second paragraph goes to a 404 page.",
        f"Here's the Wikipedia article for context: {ham_link()}",
        "Happy to see a follow-up to last year's post!",
        "Check out the original paper if you want the details, it's surprisingly readable.",
        "You should check out the documentation, the answer is in the FAQ.",
        "I'll check out the recipe this weekend and report back.",
        "Check out the comments on the previous post, someone answered this already.",
        "Please make a video about this, I'd watch it.",
        "I watched the whole video, great job explaining it.",
        "Loved your channel for years, this is one of your best videos.",
    ]), 0.3)


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


SPAM_KINDS: dict[str, tuple[Callable[[], str], int]] = {
    "spam/channel": (sp_channel, 260),
    "spam/short-promo": (sp_short_promo, 60),
    "spam/share-button": (sp_share, 60),
    "spam/like-begging": (sp_like_beg, 45),
    "spam/follow": (sp_follow, 80),
    "spam/music-promo": (sp_music_promo, 60),
    "spam/money-from-home": (sp_money_home, 70),
    "spam/crypto": (sp_crypto, 60),
    "spam/seo": (sp_seo, 70),
    "spam/praise-link": (sp_praise_link, 70),
    "spam/pharmacy": (sp_pharmacy, 50),
    "spam/casino": (sp_casino, 45),
    "spam/phishing": (sp_phishing, 45),
    "spam/adult": (sp_adult, 35),
    "spam/fake-review": (sp_fake_review, 35),
    "spam/contest": (sp_contest, 45),
    "spam/gibberish": (sp_gibberish, 25),
    "spam/stuffing": (sp_stuffing, 30),
    "spam/repeat": (sp_repeat, 25),
    "spam/obfuscated": (sp_obfuscated, 40),
}
HAM_KINDS: dict[str, tuple[Callable[[], str], int]] = {
    "ham/music": (ham_music, 420),
    "ham/short": (ham_short, 90),
    "ham/praise": (ham_praise, 90),
    "ham/question": (ham_question, 90),
    "ham/correction": (ham_correction, 50),
    "ham/disagreement": (ham_disagree, 90),
    "ham/politics-religion": (ham_politics, 70),
    "ham/rude": (ham_rude, 50),
    "ham/technical": (ham_technical, 70),
    "ham/joke": (ham_joke, 40),
    "ham/story": (ham_story, 60),
    "ham/reply": (ham_reply, 70),
    "ham/long": (ham_long, 40),
    "ham/blog-misc": (ham_blog_misc, 50),
    "ham/own-words": (ham_own_words, 80),
}


def signals(label: str) -> dict[str, str]:
    """Invent plausible client signals for about one row in five (see the module docstring)."""
    if R.random() >= 0.2:
        return {k: "" for k in COLUMNS[4:]}
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


def generic_praise() -> str:
    """Bland praise that a person or a bot could have written; only the signals tell them apart."""
    return noise(join(
        pick(["Nice", "Great", "Good", "Very nice", "Really good", "Excellent", "Lovely", "Cool", "Helpful", "Interesting"]),
        pick(["article", "post", "read", "write-up", "blog", "piece", "content", "information", "tips", "story"]) + pick([".", "!", ",", ""]),
        pick(["Thanks for sharing", "Thank you", "Keep it up", "Well done", "Very useful", "I learned a lot",
              "Waiting for more", "Good job", "Cheers", "Keep writing", ""]) + pick([".", "!", ""]),
    ), 0.3)


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


def generate() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for label, kinds, author in (("spam", SPAM_KINDS, spam_author), ("ham", HAM_KINDS, person)):
        for kind, (make, count) in kinds.items():
            made = tries = 0
            while made < count and tries < count * 20:
                tries += 1
                text = make().strip()
                key = " ".join(text.lower().split())
                if not text or key in seen:
                    continue
                seen.add(key)
                rows.append({"text": text, "author": author(), "label": label, "kind": kind, **signals(label)})
                made += 1
    # Bland comments whose label only the signals decide: this is what teaches the model the
    # honeypot, the submit time and author history (bots post the same praise without a link).
    for label, kind, make_signals, count in (
        ("spam", "spam/bot-generic", bot_signals, 90),
        ("ham", "ham/generic-praise", human_signals, 90),
    ):
        made = tries = 0
        while made < count and tries < count * 20:
            tries += 1
            text = generic_praise().strip()
            key = " ".join(text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            rows.append({"text": text, "author": person(), "label": label, "kind": kind, **make_signals()})
            made += 1
    R.shuffle(rows)
    return rows


def main() -> None:
    rows = generate()
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    spam = sum(r["label"] == "spam" for r in rows)
    print(f"wrote {OUT.name}: {len(rows)} rows, {spam} spam ({100 * spam / len(rows):.0f}%)")


if __name__ == "__main__":
    main()
