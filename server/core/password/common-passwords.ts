// A few hundred of the most common passwords (lower case), from the public breach-corpus top lists. Short ones
// matter too: a common word with digits or symbols around it ("password123", "qwerty2025!") is as weak.
const LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football
monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman
1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster
soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars
klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass
maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea matthew
access yankees 987654321 dallas austin thunder taylor matrix mobilemail mom monitor monitoring montana moon
moscow william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222
88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan
welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa
boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234
compaq purple banana junior hannah 123654 porsche lakers iceman money cowboys 987654 london tennis
999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother forever johnny
edward 333333 oliver redsox player nikita knight fender barney midnight please brandy chicago badboy slayer
rangers charles angel flower bigdaddy rabbit wizard jasper enter rachel chris steven winner adidas
victoria natasha 1q2w3e4r jasmine winter prince marine ghbdtn fishing cocacola casper james 232323
raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 tomcat 
access14 apples newyork hello123 google letmein1 qwerty123 password1 password12 password123 password1234
passw0rd p@ssw0rd p@ssword admin admin123 administrator root toor changeme default guest user login welcome1
welcome123 iloveyou1 princess1 sunshine1 football1 baseball1 superman1 monkey1 qwerty1 abc12345 abcd1234
1qaz2wsx3edc zaq12wsx qazwsxedc 1q2w3e4r5t 1q2w3e4r5t6y qwertyui asdfghjkl zxcvbnm123 qwertyuiop123 0987654321
1234554321 123456654321 123454321 1234512345 12341234 11223344 147258369 159357 123456a a123456 123456abc
abc123456 aa123456 1234567a 12345678a 123456789a 12345qwert 1234qwerty qwerty12345 qwerty1234 password01
passwort motdepasse contrasena senha parola haslo salasana wachtwoord lozinka jesus christ blessed mynoob
18atcskd2w 3rjs1la7qe 1qaz2wsx3edc4rfv zaq1zaq1 zaq1xsw2 !qaz2wsx qwe123 qweasd qweasdzxc asd123 zxc123 vfhbyf
qwertyu 123qweasd 1111111111 0000000000 12345678910 0123456789 9876543210 aaaaaaaaaa abcdefghij abcdefg123
letmein123 trustno1! iloveyou12 monkey123 dragon123 shadow123 master123 football123 baseball123 superman123
batman123 starwars123 pokemon pokemon123 minecraft minecraft123 roblox fortnite whatever1 nothing secret123
solo loveme lovely 5201314 woaini 520520 yfnfif ytrewq ghjcnj cjkyirj vfrcbv rfnzrfnz gfhjkm123 qwerty007
zaqxsw rjirfrgr 1qazxsw2 azerty azerty123 soleil chouchou doudou loulou marseille bonjour hallo schatz 
schalke04 fussball dennis sommer 1passwor passwort1 hallo123 master1 mercedes1 password! password1! p@ssword1
changeme123 letmeinnow iloveyou123 xrouter xrouter123 xrouter2024 xrouter2025 xrouter2026 password2024
password2025 password2026 qwerty2024 qwerty2025 summer2024 summer2025 winter2024 winter2025 spring2025
autumn2025 january2025 december2025 covid19 coronavirus
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
