-- Reference data: King James Version passages (public domain) that speak of signs in the
-- heavens and on the earth, the phenomena they name, and the links between them.
-- This file is the source of truth: rows missing from it are removed when it changes.

CREATE TEMP TABLE ref_prophecies (reference text, book text, chapter int, verse_from int, verse_to int,
                                  theme text, text text) ON COMMIT DROP;
INSERT INTO ref_prophecies VALUES
('Genesis 1:14', 'Genesis', 1, 14, 14, 'lights for signs',
 'And God said, Let there be lights in the firmament of the heaven to divide the day from the night; and let them be for signs, and for seasons, and for days, and years:'),
('Isaiah 13:10', 'Isaiah', 13, 10, 10, 'darkened heavens',
 'For the stars of heaven and the constellations thereof shall not give their light: the sun shall be darkened in his going forth, and the moon shall not cause her light to shine.'),
('Isaiah 24:20', 'Isaiah', 24, 20, 20, 'the earth reels',
 'The earth shall reel to and fro like a drunkard, and shall be removed like a cottage; and the transgression thereof shall be heavy upon it; and it shall fall, and not rise again.'),
('Isaiah 29:6', 'Isaiah', 29, 6, 6, 'earthquake and fire',
 'Thou shalt be visited of the LORD of hosts with thunder, and with earthquake, and great noise, with storm and tempest, and the flame of devouring fire.'),
('Isaiah 34:4', 'Isaiah', 34, 4, 4, 'falling host of heaven',
 'And all the host of heaven shall be dissolved, and the heavens shall be rolled together as a scroll: and all their host shall fall down, as the leaf falleth off from the vine, and as a falling fig from the fig tree.'),
('Ezekiel 32:7', 'Ezekiel', 32, 7, 7, 'darkened heavens',
 'And when I shall put thee out, I will cover the heaven, and make the stars thereof dark; I will cover the sun with a cloud, and the moon shall not give her light.'),
('Joel 2:10', 'Joel', 2, 10, 10, 'earth quakes, heavens tremble',
 'The earth shall quake before them; the heavens shall tremble: the sun and the moon shall be dark, and the stars shall withdraw their shining:'),
('Joel 2:30', 'Joel', 2, 30, 30, 'wonders in the heavens',
 'And I will shew wonders in the heavens and in the earth, blood, and fire, and pillars of smoke.'),
('Joel 2:31', 'Joel', 2, 31, 31, 'sun darkened, moon to blood',
 'The sun shall be turned into darkness, and the moon into blood, before the great and the terrible day of the LORD come.'),
('Joel 3:15', 'Joel', 3, 15, 15, 'darkened heavens',
 'The sun and the moon shall be darkened, and the stars shall withdraw their shining.'),
('Amos 8:9', 'Amos', 8, 9, 9, 'darkness at noon',
 'And it shall come to pass in that day, saith the Lord GOD, that I will cause the sun to go down at noon, and I will darken the earth in the clear day:'),
('Haggai 2:6', 'Haggai', 2, 6, 6, 'heavens and earth shaken',
 'For thus saith the LORD of hosts; Yet once, it is a little while, and I will shake the heavens, and the earth, and the sea, and the dry land;'),
('Matthew 2:2', 'Matthew', 2, 2, 2, 'star in the east',
 'Saying, Where is he that is born King of the Jews? for we have seen his star in the east, and are come to worship him.'),
('Matthew 24:7', 'Matthew', 24, 7, 7, 'earthquakes in divers places',
 'For nation shall rise against nation, and kingdom against kingdom: and there shall be famines, and pestilences, and earthquakes, in divers places.'),
('Matthew 24:29', 'Matthew', 24, 29, 29, 'sun darkened, stars fall',
 'Immediately after the tribulation of those days shall the sun be darkened, and the moon shall not give her light, and the stars shall fall from heaven, and the powers of the heavens shall be shaken:'),
('Mark 13:24-25', 'Mark', 13, 24, 25, 'sun darkened, stars fall',
 'But in those days, after that tribulation, the sun shall be darkened, and the moon shall not give her light, And the stars of heaven shall fall, and the powers that are in heaven shall be shaken.'),
('Luke 21:11', 'Luke', 21, 11, 11, 'great earthquakes, signs from heaven',
 'And great earthquakes shall be in divers places, and famines, and pestilences; and fearful sights and great signs shall there be from heaven.'),
('Luke 21:25', 'Luke', 21, 25, 25, 'signs in sun, moon and stars',
 'And there shall be signs in the sun, and in the moon, and in the stars; and upon the earth distress of nations, with perplexity; the sea and the waves roaring;'),
('Acts 2:19', 'Acts', 2, 19, 19, 'wonders in heaven',
 'And I will shew wonders in heaven above, and signs in the earth beneath; blood, and fire, and vapour of smoke:'),
('Acts 2:20', 'Acts', 2, 20, 20, 'sun darkened, moon to blood',
 'The sun shall be turned into darkness, and the moon into blood, before that great and notable day of the Lord come:'),
('2 Peter 3:10', '2 Peter', 3, 10, 10, 'the heavens pass away',
 'But the day of the Lord will come as a thief in the night; in the which the heavens shall pass away with a great noise, and the elements shall melt with fervent heat, the earth also and the works that are therein shall be burned up.'),
('Revelation 6:12', 'Revelation', 6, 12, 12, 'sixth seal: earthquake, black sun, blood moon',
 'And I beheld when he had opened the sixth seal, and, lo, there was a great earthquake; and the sun became black as sackcloth of hair, and the moon became as blood;'),
('Revelation 6:13', 'Revelation', 6, 13, 13, 'stars fall',
 'And the stars of heaven fell unto the earth, even as a fig tree casteth her untimely figs, when she is shaken of a mighty wind.'),
('Revelation 8:10', 'Revelation', 8, 10, 10, 'a great star falls burning',
 'And the third angel sounded, and there fell a great star from heaven, burning as it were a lamp, and it fell upon the third part of the rivers, and upon the fountains of waters;'),
('Revelation 8:12', 'Revelation', 8, 12, 12, 'a third of the lights darkened',
 'And the fourth angel sounded, and the third part of the sun was smitten, and the third part of the moon, and the third part of the stars; so as the third part of them was darkened, and the day shone not for a third part of it, and the night likewise.'),
('Revelation 12:1', 'Revelation', 12, 1, 1, 'a great wonder in heaven',
 'And there appeared a great wonder in heaven; a woman clothed with the sun, and the moon under her feet, and upon her head a crown of twelve stars:'),
('Revelation 16:8', 'Revelation', 16, 8, 8, 'scorching sun',
 'And the fourth angel poured out his vial upon the sun; and power was given unto him to scorch men with fire.'),
('Revelation 16:18', 'Revelation', 16, 18, 18, 'the greatest earthquake',
 'And there were voices, and thunders, and lightnings; and there was a great earthquake, such as was not since men were upon the earth, so mighty an earthquake, and so great.');

CREATE TEMP TABLE ref_signs (name text, category text, event_kind text, description text) ON COMMIT DROP;
INSERT INTO ref_signs VALUES
('Blood moon', 'lunar', 'ephemeris',
 'Total lunar eclipse: the Moon in the Earth''s umbra, reddened by sunlight refracted through the atmosphere.'),
('Moon withholding its light', 'lunar', 'ephemeris',
 'The Moon darkened, as in a deep lunar eclipse or behind volcanic aerosols.'),
('Solar eclipse', 'solar', 'ephemeris',
 'The Moon passes between the Sun and the Earth; a total eclipse turns day to darkness along its path.'),
('Darkness at noon', 'solar', 'ephemeris',
 'A total solar eclipse near local noon, the sun going down at midday.'),
('Sun darkened by smoke and ash', 'solar', 'volcanic_activity',
 'Volcanic ash and sulfate aerosols dimming the sun, as after large eruptions.'),
('X-class solar flare', 'solar', 'solar_event',
 'The strongest class of solar flare, peak soft X-ray flux of 1e-4 W/m^2 or more.'),
('Coronal mass ejection', 'solar', 'solar_event',
 'A cloud of magnetised plasma thrown from the corona; Earth-directed ones drive geomagnetic storms.'),
('Geomagnetic storm and aurora', 'solar', 'solar_event',
 'Fearful sights in the sky: aurorae seen far from the poles when a CME strikes the magnetosphere.'),
('Scorching sun', 'solar', 'solar_event',
 'Solar energetic particle events and intense radiation following large flares.'),
('Stars falling from heaven', 'stellar', 'meteor_shower',
 'A meteor storm: a shower with rates of thousands per hour, stars seeming to fall.'),
('Fireball', 'stellar', 'meteor_shower',
 'A meteor brighter than Venus, often from a known shower.'),
('Great star burning as a lamp', 'stellar', 'impact_risk',
 'A large bolide or airburst: an asteroid or comet fragment entering the atmosphere.'),
('Asteroid impact', 'terrestrial', 'impact_risk',
 'A near-Earth object striking the Earth; Sentry lists the objects with non-zero impact probability.'),
('Comet', 'stellar', 'orbital_elements',
 'A bright comet on its passage through the inner solar system.'),
('Interstellar visitor', 'stellar', 'orbital_elements',
 'An object on a hyperbolic orbit (eccentricity above 1), passing through from outside the solar system.'),
('Star in the east', 'planetary', 'ephemeris',
 'A bright apparition in the morning sky: a planetary conjunction, a comet or a nova.'),
('Planetary conjunction', 'planetary', 'ephemeris',
 'Two or more planets appearing close together in the sky.'),
('Woman clothed with the sun', 'planetary', 'ephemeris',
 'The Sun in Virgo with the Moon at her feet, read as the sign of Revelation 12.'),
('Great earthquake', 'terrestrial', 'earthquake',
 'An earthquake of magnitude 7 or more.'),
('Earthquakes in divers places', 'terrestrial', 'earthquake',
 'Significant earthquakes in many regions within a short time.'),
('Sea and waves roaring', 'terrestrial', 'earthquake',
 'A tsunami raised by an undersea earthquake.'),
('Pillars of smoke', 'terrestrial', 'volcanic_activity',
 'An explosive volcanic eruption with an eruption column.');

CREATE TEMP TABLE ref_links (reference text, sign text) ON COMMIT DROP;
INSERT INTO ref_links VALUES
('Genesis 1:14', 'Solar eclipse'), ('Genesis 1:14', 'Planetary conjunction'),
('Isaiah 13:10', 'Solar eclipse'), ('Isaiah 13:10', 'Moon withholding its light'),
('Isaiah 24:20', 'Great earthquake'),
('Isaiah 29:6', 'Great earthquake'), ('Isaiah 29:6', 'Pillars of smoke'),
('Isaiah 34:4', 'Stars falling from heaven'),
('Ezekiel 32:7', 'Sun darkened by smoke and ash'), ('Ezekiel 32:7', 'Moon withholding its light'),
('Joel 2:10', 'Great earthquake'), ('Joel 2:10', 'Solar eclipse'),
('Joel 2:30', 'Pillars of smoke'), ('Joel 2:30', 'Blood moon'),
('Joel 2:31', 'Blood moon'), ('Joel 2:31', 'Solar eclipse'),
('Joel 3:15', 'Solar eclipse'), ('Joel 3:15', 'Moon withholding its light'),
('Amos 8:9', 'Darkness at noon'),
('Haggai 2:6', 'Great earthquake'),
('Matthew 2:2', 'Star in the east'), ('Matthew 2:2', 'Planetary conjunction'), ('Matthew 2:2', 'Comet'),
('Matthew 24:7', 'Earthquakes in divers places'),
('Matthew 24:29', 'Solar eclipse'), ('Matthew 24:29', 'Moon withholding its light'), ('Matthew 24:29', 'Stars falling from heaven'),
('Mark 13:24-25', 'Solar eclipse'), ('Mark 13:24-25', 'Stars falling from heaven'),
('Luke 21:11', 'Earthquakes in divers places'), ('Luke 21:11', 'Geomagnetic storm and aurora'), ('Luke 21:11', 'Fireball'),
('Luke 21:25', 'X-class solar flare'), ('Luke 21:25', 'Blood moon'), ('Luke 21:25', 'Sea and waves roaring'),
('Acts 2:19', 'Pillars of smoke'), ('Acts 2:19', 'Coronal mass ejection'),
('Acts 2:20', 'Blood moon'), ('Acts 2:20', 'Solar eclipse'),
('2 Peter 3:10', 'Asteroid impact'),
('Revelation 6:12', 'Great earthquake'), ('Revelation 6:12', 'Sun darkened by smoke and ash'), ('Revelation 6:12', 'Blood moon'),
('Revelation 6:13', 'Stars falling from heaven'), ('Revelation 6:13', 'Fireball'),
('Revelation 8:10', 'Great star burning as a lamp'), ('Revelation 8:10', 'Asteroid impact'), ('Revelation 8:10', 'Comet'),
('Revelation 8:12', 'Solar eclipse'),
('Revelation 12:1', 'Woman clothed with the sun'),
('Revelation 16:8', 'Scorching sun'), ('Revelation 16:8', 'X-class solar flare'),
('Revelation 16:18', 'Great earthquake');

DO $$
BEGIN
    IF EXISTS (SELECT FROM ref_links l
                WHERE l.reference NOT IN (SELECT reference FROM ref_prophecies)
                   OR l.sign NOT IN (SELECT name FROM ref_signs)) THEN
        RAISE EXCEPTION 'a reference link names an unknown passage or sign';
    END IF;
END $$;

INSERT INTO prophecies (reference, book, chapter, verse_from, verse_to, theme, text)
SELECT reference, book, chapter, verse_from, verse_to, theme, text FROM ref_prophecies
ON CONFLICT (reference) DO UPDATE
   SET book = EXCLUDED.book, chapter = EXCLUDED.chapter, verse_from = EXCLUDED.verse_from,
       verse_to = EXCLUDED.verse_to, theme = EXCLUDED.theme, text = EXCLUDED.text;
DELETE FROM prophecies WHERE reference NOT IN (SELECT reference FROM ref_prophecies);

INSERT INTO celestial_signs (name, category, event_kind, description)
SELECT name, category, event_kind, description FROM ref_signs
ON CONFLICT (name) DO UPDATE
   SET category = EXCLUDED.category, event_kind = EXCLUDED.event_kind, description = EXCLUDED.description;
DELETE FROM celestial_signs WHERE name NOT IN (SELECT name FROM ref_signs);

-- How a sign matches observed events (GET /api/v1/celestial-signs/{id}/events): a side filter as in a
-- correlation rule. Signs of kinds without observed events here (ephemeris, meteor showers, orbits,
-- impact risks) have none.
CREATE TEMP TABLE ref_matchers (name text, matcher jsonb) ON COMMIT DROP;
INSERT INTO ref_matchers VALUES
('X-class solar flare', '{"kind": "solar_event", "solarKind": "flare", "minClass": "X1.0"}'),
('Scorching sun', '{"kind": "solar_event", "solarKind": "flare", "minClass": "X5.0"}'),
('Coronal mass ejection', '{"kind": "solar_event", "solarKind": "cme"}'),
('Geomagnetic storm and aurora', '{"kind": "solar_event", "solarKind": "cme", "minSpeedKms": 1000}'),
('Great earthquake', '{"kind": "earthquake", "minMagnitude": 8}'),
('Earthquakes in divers places', '{"kind": "earthquake", "minMagnitude": 6}'),
('Sea and waves roaring', '{"kind": "earthquake", "minMagnitude": 6.5, "tsunami": true}'),
('Sun darkened by smoke and ash', '{"kind": "volcanic_activity", "minVei": 4}'),
('Pillars of smoke', '{"kind": "volcanic_activity", "minVei": 2}');
UPDATE celestial_signs s SET matcher = (SELECT m.matcher FROM ref_matchers m WHERE m.name = s.name)
 WHERE s.matcher IS DISTINCT FROM (SELECT m.matcher FROM ref_matchers m WHERE m.name = s.name);

INSERT INTO prophecy_sign_links (prophecy_id, sign_id)
SELECT p.id, s.id FROM ref_links l
  JOIN prophecies p ON p.reference = l.reference
  JOIN celestial_signs s ON s.name = l.sign
ON CONFLICT DO NOTHING;
DELETE FROM prophecy_sign_links k
 WHERE NOT EXISTS (SELECT FROM ref_links l
                     JOIN prophecies p ON p.reference = l.reference
                     JOIN celestial_signs s ON s.name = l.sign
                    WHERE p.id = k.prophecy_id AND s.id = k.sign_id);
