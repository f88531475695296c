# Earthquakes as a worker posts them from the USGS feed (NDJSON, the service's earthquake fields), seeded
# and deterministic for a given n and end: most around real seismic zones, the rest over the whole globe.
# usage: awk -v n=ROWS -v end=EPOCH_SECONDS [-v seed=42] -f usgs-like.awk > quakes.ndjson
#
# A zone: centre latitude and longitude, spread (km, the sigma of a Gaussian around the centre), weight,
# network, smallest magnitude its network reports, depth profile (c crustal, v volcanic, s subduction, d deep
# focus), then the places USGS names its events by ("@" marks a region name used as is, without a distance).
# The US regional networks report from about M1 and hold half the events, as in ComCat; elsewhere the "us"
# network reports from M2.5. Times are uniform over the 10 years before end.
function zone(spec) { zones[++nz] = spec }
function b36(v, width,   s, d) {
  s = ""
  while (width-- > 0) { d = v % 36; s = substr(digits, d + 1, 1) s; v = int(v / 36) }
  return s
}
function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
function pick(list, count) { return list[1 + int(rand() * count)] }
BEGIN {
  if (n == "" || end == "") { print "usgs-like.awk: -v n=ROWS -v end=EPOCH_SECONDS are required" > "/dev/stderr"; exit 2 }
  srand(seed == "" ? 42 : seed)
  digits = "0123456789abcdefghijklmnopqrstuvwxyz"
  split("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW", compass, " ")
  # southern California, northern California, Alaska, Hawaii, the US west and centre, Puerto Rico
  zone("35.70 -117.55 45 5 ci 1 c|Ridgecrest, CA|Trona, CA|Olancha, CA|Searles Valley, CA|Little Lake, CA")
  zone("33.50 -116.55 60 6 ci 1 c|Anza, CA|Borrego Springs, CA|Indio, CA|Idyllwild, CA|Ocotillo Wells, CA|Cabazon, CA")
  zone("34.15 -118.30 60 3 ci 1 c|Los Angeles, CA|Malibu, CA|Ojai, CA|Fontana, CA|Lake Elsinore, CA|Santa Clarita, CA")
  zone("32.65 -115.60 50 3 ci 1 c|Calexico, CA|Brawley, CA|Ocotillo, CA|Westmorland, CA|Progreso, B.C., MX")
  zone("38.80 -122.80 12 5 nc 1 v|The Geysers, CA|Cobb, CA|Anderson Springs, CA|Healdsburg, CA")
  zone("37.40 -121.80 70 3 nc 1 c|San Juan Bautista, CA|Gilroy, CA|Hollister, CA|Pinnacles, CA|San Ramon, CA|Berkeley, CA")
  zone("40.40 -124.80 60 2 nc 1 s|Petrolia, CA|Ferndale, CA|Eureka, CA|Rio Dell, CA|@offshore Cape Mendocino, CA")
  zone("37.60 -118.90 35 2 nc 1 v|Mammoth Lakes, CA|Toms Place, CA|Bridgeport, CA|Lee Vining, CA")
  zone("61.50 -150.00 120 8 ak 1 s|Willow, Alaska|Anchorage, Alaska|Susitna, Alaska|Tyonek, Alaska|Skwentna, Alaska|Point MacKenzie, Alaska")
  zone("63.50 -147.50 130 5 ak 1 c|Cantwell, Alaska|Healy, Alaska|Fairbanks, Alaska|Paxson, Alaska|Petersville, Alaska|Denali National Park, Alaska")
  zone("59.50 -153.00 100 4 ak 1 s|Pedro Bay, Alaska|Port Alsworth, Alaska|Nikiski, Alaska|Anchor Point, Alaska|Old Iliamna, Alaska")
  zone("51.60 -176.00 180 4 ak 1.5 s|Adak, Alaska|Atka, Alaska|@Andreanof Islands, Aleutian Islands, Alaska|@Rat Islands, Aleutian Islands, Alaska")
  zone("55.00 -159.50 160 3 ak 1.5 s|Sand Point, Alaska|Perryville, Alaska|Chignik, Alaska|King Cove, Alaska|@Alaska Peninsula")
  zone("60.50 -141.00 130 2 ak 1 c|Yakutat, Alaska|Cordova, Alaska|Valdez, Alaska|Chitina, Alaska|@southern Alaska")
  zone("19.40 -155.30 25 6 hv 1 v|Pāhala, Hawaii|Volcano, Hawaii|Fern Forest, Hawaii|Leilani Estates, Hawaii|Nā‘ālehu, Hawaii|Hawaiian Ocean View, Hawaii")
  zone("38.40 -118.00 130 2 nn 1 c|Mina, Nevada|Hawthorne, Nevada|Tonopah, Nevada|Dayton, Nevada|Gabbs, Nevada|Silver Springs, Nevada")
  zone("46.80 -121.90 100 2 uw 1 v|Ashford, Washington|Mount St. Helens, Washington|Port Angeles, Washington|Morton, Washington|Entiat, Washington")
  zone("44.60 -110.80 45 2 uu 1 v|West Yellowstone, Montana|Yellowstone National Park, Wyoming|Mammoth, Wyoming")
  zone("39.50 -111.80 100 1 uu 1 c|Magna, Utah|Levan, Utah|Cove Fort, Utah|Scofield, Utah")
  zone("36.30 -97.50 90 2 ok 1 c|Perry, Oklahoma|Pawnee, Oklahoma|Guthrie, Oklahoma|Medford, Oklahoma|Cushing, Oklahoma")
  zone("31.60 -104.00 80 2 tx 1 c|Mentone, Texas|Pecos, Texas|Toyah, Texas|Whites City, New Mexico|Coyanosa, Texas")
  zone("18.00 -66.80 45 3 pr 1.5 c|Indios, Puerto Rico|Tallaboa, Puerto Rico|Guánica, Puerto Rico|Maria Antonia, Puerto Rico|@Puerto Rico region")
  # the rest of the world, as the us network reports it
  zone("37.50 141.60 140 3 us 2.5 s|Namie, Japan|Ishinomaki, Japan|Iwaki, Japan|Ōfunato, Japan|@off the east coast of Honshu, Japan")
  zone("35.40 140.60 100 2 us 2.5 s|Katsuura, Japan|Hasaki, Japan|Tateyama, Japan|Ōami, Japan")
  zone("42.80 144.50 140 1 us 2.5 s|Nemuro, Japan|Kushiro, Japan|Shiranuka, Japan|@Hokkaido, Japan region")
  zone("31.00 131.20 130 1 us 2.5 s|Miyazaki, Japan|Kagoshima, Japan|Nishinoomote, Japan|Kushima, Japan")
  zone("29.00 140.00 150 1 us 2.5 d|Hachijō-jima, Japan|@Izu Islands, Japan region|@Bonin Islands, Japan region")
  zone("-33.00 -71.70 130 2 us 2.5 s|Valparaíso, Chile|San Antonio, Chile|Constitución, Chile|Illapel, Chile|@offshore Valparaíso, Chile")
  zone("-21.50 -69.80 140 2 us 2.5 s|Iquique, Chile|Calama, Chile|Tocopilla, Chile|San Pedro de Atacama, Chile|Mejillones, Chile")
  zone("-38.00 -73.50 130 1 us 2.5 s|Tirúa, Chile|Lebu, Chile|Angol, Chile|Carahue, Chile")
  zone("-15.50 -75.00 170 1 us 2.5 s|Acarí, Peru|Atico, Peru|Chala, Peru|Camaná, Peru")
  zone("-24.00 -67.00 140 1 us 2.5 d|San Antonio de los Cobres, Argentina|Olacapato, Argentina|Abra Pampa, Argentina")
  zone("-7.80 110.00 180 1 us 2.5 s|Banjar, Indonesia|Pacitan, Indonesia|Cilacap, Indonesia|Tasikmalaya, Indonesia|@Java, Indonesia")
  zone("2.00 97.00 180 2 us 2.5 s|Sinabang, Indonesia|Bengkulu, Indonesia|Padang, Indonesia|Meulaboh, Indonesia|@northern Sumatra, Indonesia|@Kepulauan Mentawai region, Indonesia")
  zone("-3.50 129.00 180 1 us 2.5 d|Ambon, Indonesia|Tual, Indonesia|Masohi, Indonesia|@Banda Sea")
  zone("1.00 126.50 140 1 us 2.5 s|Ternate, Indonesia|Bitung, Indonesia|Tobelo, Indonesia|@Molucca Sea|@Talaud Islands, Indonesia")
  zone("11.50 125.80 180 2 us 2.5 s|Sablayan, Philippines|Burgos, Philippines|Hinatuan, Philippines|Davao, Philippines|Sulangan, Philippines")
  zone("-18.00 -178.00 200 3 us 2.5 d|Ndoi Island, Fiji|Neiafu, Tonga|Pangai, Tonga|Hihifo, Tonga|@Fiji region|@south of the Fiji Islands|@Tonga Islands region")
  zone("-30.00 -177.50 180 1 us 2.5 s|@Kermadec Islands, New Zealand|@Kermadec Islands region|@south of the Kermadec Islands")
  zone("-41.50 174.00 130 1 us 2.5 c|Wellington, New Zealand|Seddon, New Zealand|Kaikōura, New Zealand|Ōtaki, New Zealand")
  zone("-5.80 151.50 180 2 us 2.5 s|Kokopo, Papua New Guinea|Kimbe, Papua New Guinea|Panguna, Papua New Guinea|Kandrian, Papua New Guinea|@New Britain region, Papua New Guinea")
  zone("-16.50 167.50 180 1 us 2.5 s|Port-Olry, Vanuatu|Sola, Vanuatu|Isangel, Vanuatu|Lakatoro, Vanuatu|@Vanuatu Islands")
  zone("-9.50 160.00 140 1 us 2.5 s|Honiara, Solomon Islands|Kirakira, Solomon Islands|Auki, Solomon Islands|Lata, Solomon Islands")
  zone("52.50 159.50 180 1 us 2.5 s|Petropavlovsk-Kamchatsky, Russia|Vilyuchinsk, Russia|Ust’-Kamchatsk Staryy, Russia|@Kuril Islands|@off the east coast of Kamchatka")
  zone("24.00 121.70 90 2 us 2.5 s|Hualien City, Taiwan|Yilan, Taiwan|Taitung City, Taiwan|Su’ao, Taiwan")
  zone("38.50 22.00 160 1 us 2.5 c|Pátra, Greece|Thívai, Greece|Néa Anchiálos, Greece|Kyparissía, Greece|@Greece")
  zone("35.00 26.00 130 1 us 2.5 s|Fry, Greece|Arkalochóri, Greece|Ierápetra, Greece|@Crete, Greece")
  zone("42.50 13.20 90 1 us 2.5 c|Norcia, Italy|L’Aquila, Italy|Amatrice, Italy|Visso, Italy|Accumoli, Italy")
  zone("38.00 37.50 180 2 us 2.5 c|Elbistan, Turkey|Malatya, Turkey|Nurdağı, Turkey|Pazarcık, Turkey|Elazığ, Turkey|Doğanşehir, Turkey")
  zone("39.20 28.50 130 1 us 2.5 c|Sındırgı, Turkey|Simav, Turkey|Bigadiç, Turkey|Gölcük, Turkey")
  zone("30.00 54.00 280 2 us 2.5 c|Bandar Abbas, Iran|Khowy, Iran|Kerman, Iran|Bam, Iran|Sarpol-e Z̄ahāb, Iran|@southern Iran")
  zone("36.50 70.80 70 1 us 2.5 d|Jurm, Afghanistan|Ashkāsham, Afghanistan|@Hindu Kush region, Afghanistan")
  zone("28.00 84.50 180 1 us 2.5 c|Gorkha, Nepal|Kodāri, Nepal|Lobuche, Nepal|Besisahar, Nepal|@Nepal")
  zone("31.00 103.50 220 1 us 2.5 c|Wenchuan, China|Luding, China|Lixi, China|Kangding, China|@eastern Sichuan, China|@western Xizang")
  zone("16.50 -98.50 220 2 us 2.5 s|Pinotepa de Don Luis, Mexico|San Marcos, Mexico|Tomatlán, Mexico|Ometepec, Mexico|Crucecita, Mexico|Matías Romero, Mexico")
  zone("12.50 -87.50 220 1 us 2.5 s|Puerto San José, Guatemala|La Libertad, El Salvador|Masachapa, Nicaragua|Jiquilillo, Nicaragua")
  zone("-1.00 -79.80 180 1 us 2.5 s|Esmeraldas, Ecuador|Muisne, Ecuador|Balao, Ecuador|Tumaco, Colombia")
  zone("64.00 -21.50 70 1 us 2.5 v|Grindavík, Iceland|Hveragerði, Iceland|Vogar, Iceland|@Iceland region")
  zone("-57.00 -26.00 180 1 us 2.5 s|@South Sandwich Islands region|@east of the South Sandwich Islands")
  zone("18.40 -72.80 130 1 us 2.5 c|Petit-Trou de Nippes, Haiti|Anse-à-Veau, Haiti|Saint-Louis du Sud, Haiti|@Haiti region")
  # what falls outside the zones, anywhere on the globe: ridges, intraplate, the open ocean
  background = 0.15
  split("central Mid-Atlantic Ridge|northern Mid-Atlantic Ridge|southern Mid-Atlantic Ridge|Carlsberg Ridge|southern East Pacific Rise|central East Pacific Rise|Pacific-Antarctic Ridge|Southwest Indian Ridge|Southeast Indian Ridge|Reykjanes Ridge|Owen Fracture Zone region|Balleny Islands region|South Atlantic Ocean|North Atlantic Ocean|Indian Ocean Triple Junction|West Chile Rise|Gulf of California|Prince Edward Islands region|north of Ascension Island|Easter Island region", oceans, "|")
  noceans = 20
  total = 0
  for (z = 1; z <= nz; z++) {
    nparts = split(zones[z], parts, "|")
    split(parts[1], f, " ")
    zlat[z] = f[1]; zlon[z] = f[2]; zsig[z] = f[3]; total += f[4]; zcum[z] = total; znet[z] = f[5]; zmin[z] = f[6]; zdepth[z] = f[7]
    zplaces[z] = nparts - 1
    for (p = 2; p <= nparts; p++) place[z, p - 1] = parts[p]
  }
  day = 86400; span = 3652 * day
  for (i = 1; i <= n; i++) {
    if (rand() < background) {
      z = 0
      # uniform on the sphere
      s = 2 * rand() - 1; lat = atan2(s, sqrt(1 - s * s)) * 57.29577951308232; lon = -180 + rand() * 360
      net = "us"; mmin = 2.5; kind = "c"
      where = oceans[1 + int(rand() * noceans)]
    } else {
      r = rand() * total
      for (z = 1; zcum[z] <= r; z++) ;
      # a Gaussian offset from the centre, in km
      dy = gauss() * zsig[z]; dx = gauss() * zsig[z]
      lat = zlat[z] + dy / 111.19
      if (lat > 89.9) lat = 89.9; if (lat < -89.9) lat = -89.9
      lon = zlon[z] + dx / (111.19 * cos(zlat[z] / 57.29577951308232))
      while (lon >= 180) lon -= 360; while (lon < -180) lon += 360
      net = znet[z]; mmin = zmin[z]; kind = zdepth[z]
      where = place[z, 1 + int(rand() * zplaces[z])]
    }
    if (substr(where, 1, 1) == "@") where = substr(where, 2)
    else if (z > 0) {
      # USGS names the nearest place: mostly a few km away, sometimes far
      km = int(1 + -log(1 - rand()) * 18); if (km > 280) km = 280
      where = km " km " compass[1 + int(rand() * 16)] " of " where
    }
    # Gutenberg-Richter, b = 1, from the network's smallest magnitude
    mag = mmin - log(1 - rand()) / log(10); if (mag > 9.5) mag = 9.5
    if (kind == "v") depth = -1.5 + -log(1 - rand()) * 4
    else if (kind == "c" || rand() < (kind == "s" ? 0.6 : 0.4)) depth = -log(1 - rand()) * 9
    else depth = kind == "s" ? 30 + rand() * 220 : 50 + rand() * 600
    if (depth > 700) depth = 700
    # the us network often fixes the depth at 10 km
    if (net == "us" && rand() < 0.2) depth = 10
    t = end - rand() * span
    time = int(t) * 1000 + int(rand() * 1000)
    # revised minutes to a day later, one in ten up to a year later; never after end
    updated = time + int((rand() < 0.9 ? 60 + rand() * day : rand() * 365 * day) * 1000)
    if (updated > end * 1000) updated = end * 1000
    status = (rand() < 0.08 || t > end - 3 * day) ? "automatic" : "reviewed"
    if (net == "us") {
      if (mag < 4) magType = rand() < 0.5 ? "mb" : "ml"
      else if (mag < 5.5) { u = rand(); magType = u < 0.85 ? "mb" : u < 0.95 ? "mwr" : "mww" }
      else { u = rand(); magType = u < 0.85 ? "mww" : u < 0.95 ? "mwr" : "mwb" }
      code = "70" b36(i, 6); mdig = "%.1f"; cdig = "%.4f"
    } else {
      if (net == "nc" || net == "hv" || net == "nn" || net == "pr") magType = rand() < 0.8 ? "md" : "ml"
      else if (net == "ci" && mag >= 3.5 && rand() < 0.5) magType = "mw"
      else if (net == "tx" || net == "ok") magType = rand() < 0.5 ? "ml" : "mb_lg"
      else magType = "ml"
      if (net == "ak" || net == "ok" || net == "tx") code = sprintf("%d%s", 2016 + int((t - (end - span)) / (365.25 * day)), b36(i, 6))
      else code = sprintf("%.0f", (net == "ci" ? 40000000 : net == "nc" ? 73000000 : net == "hv" ? 72000000 : 60000000) + i)
      mdig = net == "ak" ? "%.1f" : "%.2f"; cdig = net == "ak" || net == "pr" ? "%.4f" : "%.7f"
    }
    id = net code
    # felt reports (DYFI) and ShakeMap intensity on a realistic share: rare for small events, most for large
    pfelt = mag < 2.5 ? (z == 0 ? 0.005 : 0.045) : mag < 4 ? (net == "us" ? (z == 0 ? 0.01 : 0.06) : 0.35) : (net == "us" ? 0.5 : 0.9)
    felt = "null"; cdi = "null"; mmi = "null"; alert = "null"
    if (rand() < pfelt) {
      felt = int(exp(rand() * log(10) * (mag - 1))); if (felt > 60000) felt = 60000
      c = mag - 0.8 + rand() * 1.6; if (c < 1) c = 1; if (c > 9.6) c = 9.6
      cdi = sprintf("%.1f", c)
    }
    if (mag >= 3.5 && rand() < 0.85 || felt != "null" && rand() < 0.1) {
      m = 1.5 * mag - 3.2 + rand() * 1.2 - depth / 150; if (m < 1) m = 1; if (m > 9.9) m = 9.9
      mmi = sprintf("%.3f", m)
    }
    if (mag >= 5.5) { u = rand(); alert = mag >= 6.5 && u < 0.15 ? (mag >= 7.5 && u < 0.05 ? "orange" : "yellow") : "green"; alert = "\"" alert "\"" }
    tsunami = mag >= 6.5 && kind != "c" && rand() < 0.4 ? "true" : "false"
    sig = int(mag * 100 * mag / 6.5); if (felt != "null" && felt > 20) sig += int(felt / 10 < 250 ? felt / 10 : 250)
    if (alert == "\"yellow\"") sig += 200; if (alert == "\"orange\"") sig += 500
    printf "{\"sourceId\":\"%s\",\"time\":%.0f,\"updated\":%.0f,\"latitude\":" cdig ",\"longitude\":" cdig ",\"magnitude\":" mdig ",\"magType\":\"%s\",\"depthKm\":%.2f,\"place\":\"%s\",\"status\":\"%s\",\"tsunami\":%s,\"sig\":%d,\"net\":\"%s\",\"code\":\"%s\",\"alert\":%s,\"felt\":%s,\"cdi\":%s,\"mmi\":%s,\"url\":\"https://earthquake.usgs.gov/earthquakes/eventpage/%s\"}\n",
      id, time, updated, lat, lon, mag, magType, depth, where, status, tsunami, sig, net, code, alert, felt, cdi, mmi, id
  }
}
