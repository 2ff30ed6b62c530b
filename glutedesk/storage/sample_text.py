"""Made-up but believable client details shared by the demo clinic and the benchmark clinic.

Both builders draw from these lists, so a demo client and a benchmark client read alike.
"""

STREETS = ("Mill Lane", "Station Road", "High Street", "Church Walk", "Victoria Terrace")

TOWNS = ("Leeds LS6 2AB", "York YO1 7HH", "Harrogate HG1 2RS", "Otley LS21 3AA")

JOBS = (
    ("Software developer", 9.0),
    ("Accountant", 8.0),
    ("HGV driver", 10.0),
    ("Nurse", 3.0),
    ("Teacher", 4.0),
    ("Call-centre adviser", 8.5),
    ("Electrician", 2.5),
    ("Solicitor", 8.0),
    ("Student", 7.0),
    ("Retired", 5.0),
    ("Warehouse operative", 2.0),
    ("Graphic designer", 8.5),
)

SPORTS = (
    "Park run, 5 km twice a week",
    "Five-a-side football on Thursdays",
    "Road cycling, 100 km a week",
    "Gym: weights three times a week",
    "Netball",
    "Hill walking at weekends",
    "Yoga once a week",
    "Half-marathon training",
    "Swimming",
    "None at present",
)

COMPLAINTS = (
    "Low back ache after long days at the desk, worse on standing up",
    "Right-sided low back and buttock pain since increasing running mileage",
    "Stiff lower back in the mornings, aching buttocks after driving",
    "Left hip and buttock ache on stairs and on getting out of the car",
    "Central low back pain after lifting boxes at work",
)

GOALS = (
    "Sit through a working day without back pain",
    "Run a half-marathon in the spring",
    "Play a full football match",
    "Walk the dog for an hour",
    "Lift the grandchildren without worrying",
)

PSFS = (
    ("Sitting at work", "Running", "Bending to put on socks"),
    ("Driving over an hour", "Gardening", "Climbing stairs"),
    ("Playing football", "Getting out of the car", "Sleeping on the side"),
    ("Lifting shopping", "Walking up hills", "Sitting through a film"),
)
