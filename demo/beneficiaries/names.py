"""Names of the demo beneficiaries, by nationality, transliterated as people spell them on their
French papers: Dari and Pashto, Pular and Mandinka, Baoulé and Dioula, Sudanese and Levantine
Arabic, Tigrinya, Chechen (Russian papers), Somali, Lingala and Luba, Bengali, Urdu, Kurdish and
Turkish, Bambara, Persian, Rohingya. Compound names, accents and apostrophes included; a woman's
surname of Russian form takes its feminine ending."""

# ISO code ("" for a stateless person): share of entrants (published AGIR profile: three in ten
# from Afghanistan, then Guinea, Côte d'Ivoire, Sudan, Eritrea, Syria…), share of men, names.
NATIONALITIES = {
    "AF": (30, 0.72, {
        "M": ["Ahmad", "Mohammad", "Abdul Rahman", "Mustafa", "Hamid", "Farid", "Jawad",
              "Sayed Ali", "Naveed", "Rahmatullah", "Zabihullah", "Khalil", "Wahid",
              "Shir Agha", "Noorullah", "Hekmatullah", "Ehsan", "Mohammad Nasim", "Bilal"],
        "F": ["Mariam", "Zahra", "Fatima", "Habiba", "Soraya", "Nazanin", "Shabnam",
              "Parwana", "Freshta", "Zarghona", "Malalai", "Roya", "Marzia"],
        "last": ["Ahmadi", "Rahimi", "Hakimi", "Karimi", "Noori", "Sultani", "Haidari",
                 "Popal", "Stanikzai", "Wardak", "Safi", "Amiri", "Mohammadi", "Jalali",
                 "Yousafzai", "Niazi", "Hotak", "Durrani", "Sadat", "Azizi", "Nazari"],
    }),
    "GN": (12, 0.70, {
        "M": ["Mamadou", "Alpha Oumar", "Ibrahima", "Thierno", "Sékou", "Ousmane", "Boubacar",
              "Mamadou Saliou", "Abdoulaye", "Lansana", "Elhadj Ibrahima", "Mohamed Lamine"],
        "F": ["Fatoumata", "Mariama", "Kadiatou", "Aïssatou", "Hawa", "M'Balou",
              "Fatoumata Binta", "Djénabou"],
        "last": ["Diallo", "Bah", "Barry", "Camara", "Sow", "Condé", "Keïta", "Touré",
                 "Soumah", "Kouyaté", "Baldé", "Sylla", "Cissé"],
    }),
    "CI": (9, 0.62, {
        "M": ["Koffi", "Yao", "Kouadio", "Adama", "Moussa", "Souleymane", "Jean-Baptiste",
              "Serge-Alain", "Kouassi Éric", "Drissa"],
        "F": ["Aya", "Affoué", "Adjoua", "Awa", "Marie-Claire", "Amenan", "Mariam"],
        "last": ["Kouassi", "Koné", "Ouattara", "Traoré", "Bamba", "N'Guessan", "Kouamé",
                 "Coulibaly", "Diomandé", "N'Dri", "Yao", "Konan"],
    }),
    "SD": (9, 0.85, {
        "M": ["Mohamed", "Abdelrahman", "Osman", "Hassan", "Adam", "Yousif", "Ibrahim",
              "Abdallah", "Al-Tayeb", "Mohamed Ahmed", "Mubarak"],
        "F": ["Amna", "Fatima", "Hawa", "Mawaheb", "Sara", "Khadija", "Rayan"],
        "last": ["Abdelkarim", "Ahmed", "Ismail", "Adam", "Hamid", "Mohamed Ali", "El-Nour",
                 "Abakar", "Haroun", "Osman", "Abdelmoneim"],
    }),
    "ER": (7, 0.60, {
        "M": ["Yohannes", "Tesfay", "Biniam", "Filmon", "Mehari", "Dawit", "Semere", "Kibrom",
              "Habtom", "Amanuel"],
        "F": ["Selam", "Senait", "Helen", "Luwam", "Saba", "Yordanos", "Mebrat", "Rahel"],
        "last": ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Tekle", "Berhane",
                 "Woldemichael", "Ghebreyesus", "Asmerom", "Mehretab", "Gebreselassie"],
    }),
    "SY": (6, 0.58, {
        "M": ["Ahmad", "Omar", "Khaled", "Mahmoud", "Yazan", "Tarek", "Rami", "Abd al-Karim",
              "Mohammad Noor", "Hussam"],
        "F": ["Rasha", "Lina", "Nour", "Hala", "Rima", "Yasmine", "Ghada", "Alaa"],
        "last": ["Al-Hussein", "Al-Khatib", "Haddad", "Al-Ahmad", "Darwish", "Khalil",
                 "Al-Masri", "Sabbagh", "Al-Hamwi", "Qassab", "Al Halabi"],
    }),
    "RU": (4, 0.55, {
        "M": ["Magomed", "Ruslan", "Islam", "Adam", "Aslan", "Zelimkhan", "Movsar", "Rizvan"],
        "F": ["Zarema", "Madina", "Khava", "Petimat", "Aminat", "Liana"],
        "last": ["Magomadov", "Bisultanov", "Umarov", "Tsurgaev", "Khatuev", "Elmurzaev",
                 "Saidulaev", "Gaziev"],
    }),
    "SO": (4, 0.68, {
        "M": ["Abdirahman", "Abdullahi", "Hassan", "Mohamed", "Abdiaziz", "Liban"],
        "F": ["Hodan", "Sahra", "Ifrah", "Hibo", "Nimco"],
        "last": ["Abdi", "Warsame", "Mohamud", "Farah", "Jama", "Osman", "Hirsi"],
    }),
    "CD": (4, 0.52, {
        "M": ["Jean-Pierre", "Patrick", "Héritier", "Dieudonné", "Glody", "Christian"],
        "F": ["Grâce", "Merveille", "Nadège", "Bénédicte", "Chancelle"],
        "last": ["Mukendi", "Kabongo", "Ilunga", "Tshibangu", "Mbuyi", "Kalala", "Lukusa"],
    }),
    "BD": (3, 0.90, {
        "M": ["Md Rakibul", "Shahidul", "Abdul Kader", "Mizanur", "Md Jahangir"],
        "F": ["Nasrin", "Shirin", "Taslima"],
        "last": ["Islam", "Rahman", "Hossain", "Uddin", "Miah", "Akter"],
    }),
    "PK": (3, 0.88, {
        "M": ["Muhammad Usman", "Bilal", "Imran", "Zeeshan", "Waqas"],
        "F": ["Ayesha", "Sana", "Iqra"],
        "last": ["Khan", "Butt", "Malik", "Qureshi", "Chaudhry", "Awan"],
    }),
    "TR": (3, 0.62, {
        "M": ["Serhat", "Deniz", "Baran", "Mehmet", "Rêber"],
        "F": ["Zeynep", "Berfin", "Rojda", "Hêvî"],
        "last": ["Demir", "Yıldız", "Aydın", "Öztürk", "Çelik", "Doğan"],
    }),
    "ML": (2, 0.80, {
        "M": ["Seydou", "Bakary", "Moussa", "Mamadou Lamine", "Siaka"],
        "F": ["Fanta", "Kadidia", "Oumou", "Assitan"],
        "last": ["Keïta", "Diarra", "Traoré", "Sissoko", "Cissé", "Dembélé", "Kanté"],
    }),
    "IR": (2, 0.55, {
        "M": ["Reza", "Amir Hossein", "Mehdi", "Saeed"],
        "F": ["Maryam", "Niloufar", "Shirin", "Parisa"],
        "last": ["Hosseini", "Rezaei", "Mousavi", "Ghorbani", "Jafari"],
    }),
    "": (2, 0.60, {  # stateless: Rohingya, Bidoon, Palestinians from Syria
        "M": ["Mohammed Salim", "Nur Alam", "Abdullah", "Yasser"],
        "F": ["Noor Begum", "Rashida", "Samira"],
        "last": ["Ullah", "Begum", "Al-Enezi", "Abu Khalil", "Hamdan"],
    }),
}  # fmt: skip


def feminine(last_name, nationality):
    """A Russian-form surname's feminine ending: Magomadov → Magomadova."""
    if nationality == "RU" and last_name.endswith(("ov", "ev", "in")):
        return last_name + "a"
    return last_name


PRIOR_OCCUPATIONS = [
    "Maçon", "Électricien", "Agriculteur", "Cuisinier", "Chauffeur", "Couturière",
    "Commerçant", "Enseignante", "Infirmier", "Mécanicien automobile", "Boulanger",
    "Coiffeur", "Comptable", "Ouvrier du bâtiment", "Aide-soignante", "Soudeur",
    "Étudiant", "Peintre en bâtiment", "Vendeur", "Tailleur", "Informaticien", "Berger", "",
]  # fmt: skip

OCCUPATIONS = {
    "construction": ["Maçon", "Coffreur-bancheur", "Manœuvre", "Électricien", "Plaquiste"],
    "logistics": ["Préparateur de commandes", "Cariste", "Agent de quai", "Chauffeur livreur"],
    "hospitality": ["Commis de cuisine", "Plongeur", "Agent d'entretien", "Serveur"],
    "cleaning": ["Agent de propreté", "Laveur de vitres"],
    "care": ["Aide à domicile", "Agent de service hospitalier", "Auxiliaire de vie"],
    "agriculture": ["Ouvrier agricole", "Ouvrier paysagiste", "Ouvrier viticole"],
    "industry": ["Opérateur de production", "Soudeur", "Agent de fabrication"],
    "digital": ["Technicien support", "Développeur web"],
    "retail": ["Employé de libre-service", "Vendeur"],
}  # fmt: skip
TRAININGS = [
    ("Titre professionnel maçon", "Titre professionnel"),
    ("CACES R489", "CACES"),
    ("Titre professionnel agent de propreté et d'hygiène", "Titre professionnel"),
    ("CAP cuisine", "CAP"),
    ("Titre professionnel préparateur de commandes", "Titre professionnel"),
    ("Titre professionnel assistant de vie aux familles", "Titre professionnel"),
    ("Certificat de qualification professionnelle soudeur", "CQP"),
]
