#!/usr/bin/env bash
# The sample journal: an organizer's first four weeks on the Riverside Tenants campaign
# (14 and 16 Riverside Ave: mould, broken heating, a rent increase), a dozen people, built
# only with oto's own commands. Every step runs at its own moment through OTO_NOW, counted
# back from today (dates inside a step, like "+4d", count from that step), so the journal always
# ends "this morning" with real things due.
#
#   OTO_HOME=/tmp/oto-sample examples/riverside-tenants.sh [path/to/oto]
#
# It refuses to touch a folder holding a journal it did not make itself.
set -euo pipefail

OTO=${1:-oto}
: "${OTO_HOME:?Set OTO_HOME to the folder for the sample journal, e.g. OTO_HOME=/tmp/oto-sample}"
export OTO_HOME
TODAY=${SAMPLE_TODAY:-$(date +%F)}

if [ -e "$OTO_HOME/journal.db" ]; then
  if [ ! -e "$OTO_HOME/.oto-sample" ]; then
    echo "$OTO_HOME holds a journal that is not the sample; choose an empty folder." >&2
    exit 1
  fi
  rm -rf "$OTO_HOME"
fi
mkdir -p "$OTO_HOME"
touch "$OTO_HOME/.oto-sample"

# promise_id TEXT: the id (p12) of the promise whose text starts with TEXT.
promise_id() {
  "$OTO" promises --all --json | python3 -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin) if p["text"].startswith(sys.argv[1])))' "$1"
}

# finish KIND NAME: mark the first due item of that kind for that person done (at the step's moment).
finish() {
  local id
  id=$("$OTO" due --json --days 60 | python3 -c 'import json,sys; print(next(i["id"] for i in json.load(sys.stdin)["items"] if i["kind"] == sys.argv[1] and i["person"] == sys.argv[2]))' "$1" "$2")
  "$OTO" done "$id"
}

# on DAYS HH:MM COMMAND...: run an oto command as if it were that moment (DAYS from today).
on() {
  local when
  when=$(python3 -c 'import datetime,sys; d=datetime.date.fromisoformat(sys.argv[1])+datetime.timedelta(days=int(sys.argv[2])); print(d, sys.argv[3])' "$TODAY" "$1" "$2")
  shift 2
  local said
  if ! said=$(export OTO_NOW="$when"; if [ "$1" = finish ]; then "$@"; else "$OTO" "$@"; fi 2>&1 >/dev/null); then
    echo "$said" >&2
    echo "The sample stopped at: oto $*" >&2
    exit 1
  fi
}

# Four weeks ago: the organizer starts with two tenant leaders and a pastor, and the
# institutions around the buildings.
on -28 09:00 goal 5
on -28 09:01 org add "Riverside Tenants Association" --sector tenant --notes "14 and 16 Riverside Ave"
on -28 09:02 org add "St Brigid's Church" --sector faith
on -28 09:03 org add "Building Workers Local 32" --sector union
on -28 09:04 org add "Lincoln Elementary PTA" --sector school
on -28 09:05 story "I grew up in a building where the heat went out every January. My mother organized the other tenants on our floor, and the landlord fixed the boiler within a week. That is when I learned that asking together works."
on -28 09:10 add "Dev Patel" --institution "Riverside Tenants Association" --role chair --stage leader --tag riverside --contact "555-0101" --met-how "Association meeting"
on -28 09:12 add "Ruth Cohen" --stage leader --tag riverside --contact "555-0102" --met-how "Retired union steward, lives in 16B" \
  --institution "Building Workers Local 32" --role "retired steward"
on -28 09:14 add "Grace Okafor" --alias "Pastor Grace" --institution "St Brigid's Church" --role pastor --tag faith --contact "555-0103"
on -27 09:00 prep "Dev Patel" --at "+1d 18:00" --place "Dev's kitchen" --ask "Co-host the building meeting"
on -26 19:00 reflect "Dev Patel" --minutes 50 --listened 70 \
  --self-interest "Wants the heating fixed before his kids' winter break" \
  --story "His father lost their flat to a rent hike in 1998; he never forgot the eviction notice" \
  --network "Knows most families on floors 1-4" --common "Both of us have kids at Lincoln Elementary" \
  --ask "Co-host the building meeting by +14d" --answer yes \
  --i-promise "Send him the repair-log template by +4d" \
  --referral "Maria Lopez" --referral "Tom Baker"
on -25 18:00 reflect "Ruth Cohen" --minutes 40 --listened 65 \
  --self-interest "Keeping her rent-stabilized lease" --talent "Ran grievance meetings for 20 years" \
  --value "Nobody should face the landlord alone" --ask "Train two new floor captains" --answer later --revisit "+23d"

# Three weeks ago: the referrals from Dev.
on -25 09:00 finish thank "Dev Patel"
on -24 09:00 finish thank "Ruth Cohen"
on -22 10:00 kept "$(promise_id 'Send him the repair-log')"
on -21 09:00 edit "Maria Lopez" --tag riverside --contact "3B, 555-0104" --institution "Riverside Tenants Association" --role "floor captain"
on -21 09:02 finish contact-referral "Maria Lopez"
on -21 09:05 edit "Tom Baker" --tag riverside --contact "5A" --institution "Riverside Tenants Association"
on -21 09:06 finish contact-referral "Tom Baker"
on -21 09:10 prep "Maria Lopez" --at "+2d 10:00" --place "Laundromat on Elm St" --ask "Host a house meeting"
on -19 11:00 reflect "Maria Lopez" --minutes 45 --listened 72 \
  --self-interest "Mould in her son's bedroom" --self-interest "Afraid of losing the apartment if she complains" \
  --story "Came from Guadalajara in 2009; her aunt's building there organized and won water repairs" \
  --talent "Speaks Spanish and English; translates for neighbours" --common "We both grew up in buildings that organized" \
  --ask "Host a house meeting for the 3rd floor by +13d" --answer yes \
  --they-promise "Bring photos of the mould by +17d" --i-promise "Find out the city inspection rules by +19d" \
  --referral "Lucía Fernández" --referral "Jenny Wu" --note "Wants to meet at the laundromat, not at home"
on -18 18:30 reflect "Tom Baker" --minutes 35 --listened 60 --self-interest "His pension does not cover another rent increase" \
  --ask "Come to the building meeting" --answer maybe --revisit "+19d"
on -18 09:00 finish thank "Maria Lopez"
on -17 09:00 finish thank "Tom Baker"
on -17 09:05 edit "Maria Lopez" --stage active
on -16 10:00 finish contact-referral "Lucía Fernández"
on -16 10:05 finish contact-referral "Jenny Wu"

# Two weeks ago: the institutions, and the people Maria suggested.
on -14 08:55 org add "Hassan Grocery" --sector business
on -14 09:00 add "Ahmed Hassan" --institution "Hassan Grocery" --role owner --tag business --contact "Corner of Elm and Riverside" --referred-by Dev
on -14 09:05 add "Olek Nowak" --tag riverside --contact "7D" --referred-by Ruth --institution "Riverside Tenants Association"
on -13 16:00 reflect "Grace Okafor" --minutes 45 --listened 75 --value "Housing is a matter of dignity" \
  --network "200 families in the parish, many in Riverside Ave" --ask "Host a listening session in the parish hall" --answer later --revisit "+13d"
on -13 18:00 reflect "Olek Nowak" --minutes 30 --listened 68 --self-interest "Heating has been out in 7D since October" \
  --ask "Come to the building meeting by +8d" --answer yes
on -12 12:00 reflect "Ahmed Hassan" --minutes 30 --listened 70 --concern "Worried that a fight with the landlord scares customers" \
  --ask "Put the meeting poster in the shop window by +4d" --answer yes
on -12 09:00 finish thank "Grace Okafor"
on -12 09:05 finish thank "Olek Nowak"
on -11 09:00 finish thank "Ahmed Hassan"
on -10 09:05 promise "Grace Okafor" "Send the listening-session outline" --by "+5d"
# The group meetings: Maria hosts the 3rd floor; the building meeting (Olek's yes counts for it:
# due that day, with its title's words); Lucía said she would come to Maria's.
on -12 09:30 event "House meeting at Maria's" --on "+6d 18:30" --kind house-meeting --host "Maria Lopez" --place "Apartment 3B"
on -10 09:10 event "Building meeting" --on "+5d 19:00" --host "Dev Patel" --place "Community room, 14 Riverside Ave"
on -10 17:30 promise "Lucía Fernández" "Come to Maria's house meeting" --theirs --event "House meeting"
on -8 18:30 log "Olek Nowak" --call "The mould has spread from the bathroom to the kitchen in 7D; he will ask 7C about theirs"
on -7 10:00 kept "$(promise_id 'Put the meeting poster')"
on -6 09:00 renegotiate "$(promise_id 'Send the listening-session outline')" --by "+8d"
on -11 17:00 reflect "Lucía Fernández" --minutes 40 --listened 66 --self-interest "Night shifts as a nurse; needs quiet to sleep in the day" \
  --talent "Calm in a crisis" --ask "Join the health committee" --answer no
on -10 09:00 finish thank "Lucía Fernández"

# Last week: the building meeting happened; not everyone who said yes came.
on -5 09:00 prep "Tom Baker" --at "+4d 17:30" --place "Tom's porch"
on -5 09:00 attended "House meeting" "Lucía Fernández" "Jenny Wu" "Olek Nowak"
on -4 09:00 attended "Building meeting" "Ruth Cohen" "Ahmed Hassan" "Maria Lopez" "Jenny Wu"
on -4 09:01 kept "$(promise_id 'Co-host the building meeting')"
on -4 09:02 kept "$(promise_id 'Host a house meeting')"
on -4 09:04 org add "Riverside Youth Soccer" --sector nonprofit
on -4 09:05 add "Sam Oduya" --institution "Riverside Youth Soccer" --role coach --tag youth --referred-by "Maria Lopez"
on -4 09:10 add "Priya Sharma" --institution "Legal Aid Society" --role "housing lawyer" --tag legal
on -4 09:15 add "Maria Chen" --institution "Lincoln Elementary PTA" --tag parents --referred-by "Grace Okafor" \
  --boundary "Don't raise her immigration status; let her bring it up"
on -4 10:00 prep "Sam Oduya" --at "+1d 17:00" --place "Riverside field"
on -3 18:00 reflect "Sam Oduya" --minutes 45 --listened 80 --self-interest "Wants a safe place for the kids to meet in winter" \
  --network "Coaches 60 kids from the two buildings" --common "We both coach" --next "+14d" \
  --i-promise "Ask Chen whether the PTA can lend the gym for winter practice by +12d"

# Connecting people: Maria with the lawyer about the mould, the pastor with the shop.
on -3 19:00 introduce "Maria Lopez" "Priya Sharma" --note "the mould and the city inspection rules"
on -3 19:05 introduce "Grace Okafor" "Ahmed Hassan" --note "posters in the parish hall and the shop window"

# The weekend: Jenny, whom Maria suggested.
on -2 11:00 reflect "Jenny Wu" --minutes 40 --listened 70 --self-interest "Her landlord keeps entering without notice" \
  --ask "Come to the next building meeting by +6d" --answer yes --i-promise "Send her the tenants' rights sheet by +2d"

# This week ahead: meetings booked.
on -1 20:00 prep "Maria Chen" --at "+3d 18:00" --place "Lincoln Elementary library" --ask "Join the parents' housing group"
on -1 20:05 prep "Priya Sharma" --at "+1d 17:00" --place "Legal Aid office"
on -1 20:10 promise "Dev Patel" "Share the minutes of the building meeting" --by "+0d"
on -1 20:12 promise "Grace Okafor" "Tell her how the first one-to-one with Maria Chen went" --by "+5d"
# Ruth agreed to train floor captains after all: tonight, and Maria will come; then the action.
on -1 20:14 answer "Ruth Cohen" yes --by "+1d"
on -1 20:15 event "Floor captain training" --on "+1d 19:00" --kind training --host "Ruth Cohen" --place "Ruth's living room, 16B"
on -1 20:20 promise "Maria Lopez" "Come to the floor captain training" --theirs --by "+1d"
on -1 20:25 event "Rent board hearing" --on "+5d 10:00" --kind action --place "City Hall, room 2"
on -1 20:30 promise "Ruth Cohen" "Speak at the rent board hearing" --theirs --event "Rent board"
on -1 20:31 promise "Olek Nowak" "Come to the rent board hearing with his heating log" --theirs --event "Rent board"

# Contacts from the organizer's phone (a vCard file, as a phone exports it): Dev's email is new
# (merged into him), two neighbours are new people, Ruth is already in the journal (skipped).
contacts=$(mktemp -d)
trap 'rm -rf "$contacts"' EXIT
printf '%s\r\n' "BEGIN:VCARD" "VERSION:3.0" "FN:Dev Patel" "TEL;TYPE=CELL:555-0101" "EMAIL:dev@riverside.example" "END:VCARD" \
  "BEGIN:VCARD" "VERSION:3.0" "FN:Amal Haddad" "TEL;TYPE=CELL:555-0141" "NOTE:14 Riverside Ave\\, 3C" "END:VCARD" \
  "BEGIN:VCARD" "VERSION:4.0" "FN:Ruth Cohen" "TEL;VALUE=uri:tel:555-0102" "END:VCARD" \
  "BEGIN:VCARD" "VERSION:4.0" "FN:Kofi Mensah" "EMAIL:kofi@example.org" "END:VCARD" > "$contacts/phone.vcf"
on -1 20:40 import contacts "$contacts/phone.vcf" --tag riverside
echo "Sample journal ready in $OTO_HOME ($("$OTO" people --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') people). Try: OTO_HOME=\"$OTO_HOME\" $OTO due (then prep \"Maria Chen\", people, search mould, events, review, map)." >&2
