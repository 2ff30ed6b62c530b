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


def _name_list(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Common UK given names and surnames, with some accents and apostrophes, so searching a
# prefix matches a realistic share of 10,000 clients rather than a tenth of them.
FIRST_NAMES = _name_list(
    """
    Olivia, Amelia, Isla, Ava, Mia, Ivy, Lily, Sophia, Grace, Freya, Zoë, Siobhán, Aisha, Chloé,
    Hannah, Emily, Poppy, Ella, Evie, Charlotte, Isabella, Sophie, Jessica, Ruby, Daisy, Alice,
    Florence, Willow, Rosie, Emma, Matilda, Phoebe, Lucy, Sienna, Harper, Eleanor, Millie, Maya,
    Esme, Layla, Erin, Holly, Imogen, Niamh, Caitlin, Megan, Bethan, Rhiannon, Ffion, Catrin,
    Eilidh, Morven, Ines, Fatima, Amira, Zainab, Priya, Anjali, Aaliyah, Maryam, Agnieszka,
    Kasia, Ana, Oliver, George, Noah, Arthur, Leo, Harry, Oscar, Jack, Mohammed, Muhammad,
    Dafydd, Łukasz, Rory, Callum, Ethan, Kwame, Ravi, Tomás, Ewan, Yusuf, Thomas, William,
    James, Henry, Alfie, Charlie, Freddie, Theo, Archie, Joshua, Jacob, Alexander, Isaac,
    Edward, Finley, Samuel, Daniel, Logan, Lucas, Max, Adam, Benjamin, Harrison, Sebastian,
    Reuben, Joseph, Dylan, Owen, Rhys, Gethin, Iwan, Hamish, Fraser, Angus, Ciarán, Seán,
    Pádraig, Darragh, Oisín, Ibrahim, Omar, Hassan, Bilal, Arjun, Rohan, Vikram, Chidi, Tunde,
    Femi, Kofi, Piotr, Marek, Andrzej, Mateusz, Dominik, Stefan, Nikolai, Luca, Marco, Giulia,
    Chiara, Francesca, Lena, Anna, Marta, Jakub, Aleksander, Chen, Wei, Mei, Hiroshi, Yuki,
    """
)
LAST_NAMES = _name_list(
    """
    Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Patel, Wright, Robinson,
    Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, O'Neill, Khan,
    Hughes, Edwards, Kowalski, Nowak, MacLeod, Ní Bhriain, Okafor, Fernández, Murphy, Price,
    Lewis, Ahmed, Harris, Martin, Cooper, King, Lee, Baker, Harrison, Morgan, Allen, James, Scott,
    Phillips, Watson, Davis, Parker, Bennett, Young, Griffiths, Mitchell, Kelly, Cook, Carter,
    Richardson, Bailey, Collins, Bell, Shaw, Cox, Richards, Marshall, Simpson, Ellis, Adams,
    Singh, Begum, Chapman, Matthews, Webb, Hunt, Palmer, Mills, Barnes, Knight, Lloyd, Butler,
    Russell, Barker, Fisher, Stevens, Jenkins, Dixon, Fletcher, Howard, Owen, Ward, Holmes,
    Hussain, Ali, Gray, Kennedy, Foster, Pearson, Graham, Gibson, Turner, Hill, Moore, Clark,
    Anderson, Campbell, Stewart, Reid, MacDonald, Ross, Murray, Fraser, Robertson, Henderson,
    McKenzie, McLean, Paterson, Morrison, Sutherland, Ó Súilleabháin, O'Brien, Byrne, Ryan,
    O'Connor, Doyle, McCarthy, Gallagher, Doherty, Kavanagh, Quinn, McAllister, Rees, Powell,
    Jenkins-Price, Bowen, Pritchard, Vaughan, Llewellyn, Thomas, Rowlands, Parry, Jones-Ellis,
    Chowdhury, Rahman, Miah, Uddin, Shah, Mistry, Desai, Mehta, Choudhury, Sharma, Kaur, Gill,
    Sandhu, Nwosu, Adeyemi, Mensah, Asante, Boateng, Osei, Lewandowski, Wiśniewski, Wójcik,
    Kamiński, Zieliński, Rossi, Russo, Romano, Ricci, Schmidt, Müller, Fischer, Weber, Wagner,
    Becker, Dubois, Lefèvre, Moreau, García, Martínez, López, Sánchez, Pérez, Silva, Santos,
    Pereira, Costa, Oliveira, Nguyen, Tran, Wong, Chan, Liu, Zhang, Wang, Li, Tanaka, Sato,
    Andersson, Johansson, Larsen, Hansen, Novak, Horvath, Popescu, Ivanova, Petrov, Dimitrov,
    Papadopoulos, Yilmaz, Demir, Haddad, Hassan, Ibrahim, Mahmood, Iqbal, Akhtar, Bibi, Butt,
    Malik, Qureshi, Aziz, Sheikh, Hardy, Holland, Lawrence, Hudson, Wells, Fox, Rose, Day, Moss,
    Burton, Hart, Lane, Fowler, Spencer, Hayes, Pearce, Dawson, Jordan, Hunter, Mason, Marsh
    """
)

# The demo clinic's shorter lists: a couple of dozen clients with distinct, readable names.
DEMO_FIRST_NAMES = _name_list(
    """
    Olivia, Amelia, Isla, Ava, Mia, Ivy, Lily, Sophia, Grace, Freya, Zoë, Siobhán, Aisha, Chloé,
    Hannah, Oliver, George, Noah, Arthur, Leo, Harry, Oscar, Jack, Mohammed, Dafydd, Łukasz,
    Rory, Callum, Ethan, Kwame, Ravi, Tomás, Ewan, Fatima, Niamh, Ines, Yusuf, Megan,
    """
)
DEMO_LAST_NAMES = _name_list(
    """
    Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Patel, Wright, Robinson,
    Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, O'Neill, Khan,
    Hughes, Edwards, Kowalski, Nowak, MacLeod, Ní Bhriain, Okafor, Fernández, Murphy, Price,
    Lewis, Ahmed,
    """
)
