"""Function words that never begin or end a suggested term, in the languages reasons come in."""

# Only the commonest function words: the term scores already favour words typical of a group,
# these lists keep "of the" and "и в" out of the top places. A word that is a function word in
# one language and a theme in another stays out of the lists: German "war" (was) and "man"
# (one) would hide English "war" and "man".
_ENGLISH = """a about after all also am an and any are as at be because been being both but by
can could did do does don't each even ever every for from get had has have he her him his how i
i'm if in into is isn't it it's its just let me more most much my no nor not of off on once
only or other our ours out over own same she should so some such than that that's the their
them then there these they this those through to too under until up upon us very was we were
what when where which while who whom why will with would you your yours yet since still let's
we're they're there's can't won't must may might shall between against across among within
without another other others before again further here via per also whether either
neither""".split()
_WELSH = """a a'r ac am ar at bod bydd byddai ceir chi dan dros drwy ef ei eich ein eu fe fel fod
fy gan gyda hefyd hi hwn hyn hynny i i'r mae mai na nad neu ni nid nhw o o'r oedd ond os pan
pob rhai sy sydd wedi y yma ydy ydyn yn yr yw ym yng""".split()
_RUSSIAN = """а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы
где да даже для до его ее её ей ему если есть ещё еще же за здесь и из или им их к как какой
когда кто ли либо между меня мне может мы на над нам нас наш наша наше наши нашей наших не
него нее неё нет ни них но ну о об один он она они оно от очень по под при про с сам свой
себя со так также такой там те тем то того тоже только том тот тут у уже хоть чем что чтобы
чья эта эти это этого этой этом этот я ведь потому который которая которое которые которую
которого которой которым которых пока из-за поэтому чтобы""".split()
_UKRAINIAN = """а але б би бо був була були було бути в вам вас ви від він вона вони воно все всі
де для до є з за зі й і із їй їх його її як який яка яке які коли ми мене мені на нам нас наш
наша наше наші не ні но ну о от по при про та так також там те теж ти то тому тут у хто це ці
цей ця чи що щоб я""".split()
_GERMAN = """aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist
da damit dann das dass daß dem den denn der des dich die dies diese diesem diesen dieser dieses
dir doch dort du durch ein eine einem einen einer eines er es für gegen hat hatte habe haben
hier ich ihm ihn ihnen ihr ihre im in ins ist ja jede jeder jedes kann kein keine können mein
meine mich mir mit muss nach nicht noch nun nur ob oder ohne sehr sein seine sich sie sind so
soll sollte über um und uns unser unsere unter vom von vor waren was weil wenn wer werden wie
wir wird wo wurde zu zum zur andere anderen anderer anderes einige etwas jetzt schon sondern
zwischen gegen seit während wegen""".split()
_POLISH = """a aby ale bo by być był była było co czy dla do go i ich ja jak jako jest jego jej
już lub ma mi mnie my na nam nas nasz nasze nie o od oraz po przez przy się są ta tak także te
tego ten to tu tym w we z za ze że który która które""".split()
_FRENCH = """à au aux avec c'est ce ces cette dans de des du elle en est et eux il ils je la le
les leur lui ma mais me même mes moi mon ne nos notre nous on ont ou où par pas pour qu que
qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous été être""".split()

STOPWORDS = frozenset(_ENGLISH + _WELSH + _RUSSIAN + _UKRAINIAN + _GERMAN + _POLISH + _FRENCH)
