import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompress, decodeFeedBytes, FeedReadError } from '../../../src/sources/feeds/decode.js';
import { feedHttpClient } from '../../../src/sources/feeds/index.js';
import { readFeed, type ReadFeed } from '../../../src/sources/feeds/normalize.js';
import { parseFeedText } from '../../../src/sources/feeds/parse.js';
import { FEED_ACCEPT, readFetched } from '../../../src/sources/feeds/poller.js';
import type { HttpClient } from '../../../src/sources/feeds/http.js';
import { SHARED_FEEDS, sharedFeedFiles, startFeedServer, type FeedServer } from '../../fakes/feeds/server.js';
import { feedsConfig } from './helpers.js';

/**
 * What a person subscribing to each file of ../shared/feeds should get, written from reading the
 * files: the feed's title, how many items, and the first item's title, link, date and first
 * words; or the one reason the file is not a feed.
 */

type Expected =
  | { error: string }
  | {
      format: string;
      title: string | null;
      items: number;
      skipped: number;
      first: { title: string; url: string | null; date: string | null; text: string; image?: string } | null;
    };

const EXPECTED: Record<string, Expected> = {
  'rss-parser/atom-customfields.atom': { format: 'atom', title: "L2inc", items: 15, skipped: 0, first: { title: "Buy Now, Bitches*", url: "https://www.youtube.com/watch?v=lR-w1h5ONOY", date: "2017-09-14T18:03:34.000Z", text: "Scott's Book \"The Four\" http://amzn.to/2x4ScEM", image: "https://i1.ytimg.com/vi/lR-w1h5ONOY/hqdefault.jpg" } },
  'rss-parser/content-encoded.rss': { format: 'rss', title: "Food in Invironment on Medium", items: 7, skipped: 0, first: { title: "THE CREATIVE FORAGER", url: "https://medium.com/invironment/the-creative-forager-125af37d838f?source=rss----d12c403d4976--food", date: "2018-04-09T18:55:38.000Z", text: "Using Wild Ingredients in the", image: "https://cdn-images-1.medium.com/max/938/1*C_nVpehD-NKBgtVEULabmQ.jpeg" } },
  'rss-parser/craigslist.rss': { format: 'rdf', title: "craigslist SF bay area | apts/housing for rent search", items: 25, skipped: 0, first: { title: "Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft2", url: "http://sfbay.craigslist.org/eby/apa/6186664607.html", date: "2017-06-21T17:33:10.000Z", text: "Updated 3+ Bedroom, 2.5 Bath," } },
  'rss-parser/customfields.rss': { format: 'rss', title: "Varthabharathi : Kanrnataka's Leading Kannada News Portal", items: 15, skipped: 0, first: { title: "ISUZU launches the ‘mu-X’ premium full-size 7 seater SUV in Bengaluru", url: "http://www.varthabharati.in/article/english/74450", date: "2017-05-19T15:35:02.000Z", text: "* Launched with a 3.0" } },
  'rss-parser/encoding.rss': { format: 'rss', title: "Jornal de Notícias - Últimas Notícias", items: 40, skipped: 0, first: { title: "Mãe de utente é a nova presidente da Raríssimas", url: "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html", date: "2018-01-03T13:47:00.000Z", text: "Sónia Laygue, profissional na área" } },
  'rss-parser/feedburner.atom': { format: 'atom', title: "Google Ads Developer Blog", items: 25, skipped: 0, first: { title: "AdWords and DFP Java client library will soon require Java 7+", url: "http://feedproxy.google.com/~r/blogspot/lQlzL/~3/Zjf41PDVLAc/adwords-and-dfp-java-client-library.html", date: "2016-06-03T14:38:00.000Z", text: "After November 2016, all releases", image: "https://lh6.googleusercontent.com/OARJJ1a0J4Mw11dlC-Wl_OuLl2eKtEjhYQw8DiRxq19R_N38Vu5xICRd6D5WE66ibQklt5BWyquFuRLThvI6V067SGVhE-vW_5IiKq_G1tn8cDcZRAdHXE-8UegB_UryQ9dw5N7K" } },
  'rss-parser/giantbomb-podcast.rss': { format: 'rss', title: "Giant Bombcast", items: 730, skipped: 0, first: { title: "Giant Bombcast 603: Call of Tuesday", url: "https://www.giantbomb.com/shows/603-call-of-tuesday/2970-19653/free-podcast", date: "2019-10-01T22:30:00.000Z", text: "Video games! Ghost Recon Breakpoint,", image: "https://giantbomb1.cbsistatic.com/uploads/original/0/30/3132120-mspac-marquee-full.jpg?20191008" } },
  'rss-parser/guardian.rss': { format: 'rss', title: "The Guardian", items: 55, skipped: 0, first: { title: "Trump State of the Union address promised unity but emphasized discord", url: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord", date: "2018-01-31T07:26:05.000Z", text: "The president’s ‘new American moment’" } },
  'rss-parser/gulp-atom.atom': { format: 'atom', title: "Release notes from gulp", items: 10, skipped: 0, first: { title: "v3.9.0", url: "https://github.com/gulpjs/gulp/releases/tag/v3.9.0", date: "2015-06-01T21:49:41.000Z", text: "3.9.0", image: "https://avatars3.githubusercontent.com/u/425716?v=3&s=60" } },
  'rss-parser/heise.atom': { format: 'atom', title: "heise developer neueste Meldungen", items: 15, skipped: 0, first: { title: "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei", url: "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html?wt_mc=rss.developer.beitrag.atom", date: "2016-02-01T16:22:00.000Z", text: "Die nun verfügbare Version 10", image: "http://www.heise.de/scale/geometry/264/q80/imgs/18/1/7/3/9/9/2/1/wildfly-2bf4ffd2935e38b6-90200def80b152e9-5ba35d3770232d92.jpeg" } },
  'rss-parser/heraldsun.rss': { format: 'rss', title: "RSS0.92 Example", items: 2, skipped: 0, first: { title: "The First Item", url: "http://www.oreilly.com/example/001.html", date: null, text: "This is the first item." } },
  'rss-parser/incomplete-fields.atom': { format: 'atom', title: null, items: 0, skipped: 0, first: null },
  'rss-parser/instant-article.rss': { format: 'rss', title: "Instant Article Test", items: 1, skipped: 0, first: { title: "My first Instant Article", url: "https://localhost:8000/", date: "2016-05-04T06:53:45.000Z", text: "Lorem ipsum" } },
  'rss-parser/item-itunes-episodeType.rss': { format: 'rss', title: "Baywatch Berlin", items: 1, skipped: 0, first: { title: "Trailer", url: "https://baywatch-berlin.podigee.io/t1-trailer", date: "2019-11-18T19:14:32.000Z", text: "Baywatch Berlin Baywatch Berlin startet", image: "https://images.podigee-cdn.net/0x,sIupQrkLl-L2GPJE7IKzGC90ZhL3wmVuFpBuBNTf2TdQ=/https://cdn.podigee.com/uploads/u10314/6fd157b2-442d-4685-b78b-3bac68f0517f.jpg" } },
  'rss-parser/itunes-category.rss': { format: 'rss', title: "Taverncast - Happy Hour in Your Head - Since 2005", items: 1, skipped: 0, first: { title: "Taverncast 62 - Temporal Anomaly", url: "http://taverncast.com/", date: "2015-11-07T17:00:00.000Z", text: "Taverncast tosses around the age" } },
  'rss-parser/itunes-href.rss': { format: 'rss', title: "Transfermarkt", items: 10, skipped: 0, first: { title: "Manager bewertet Transfers | Eberl lobt BVB für Pulisic-Deal – Hudson-Odoi kostet „fast so viel wie mein Kader“", url: "http://www.transfermarkt.de/eberl-lobt-bvb-fur-pulisic-deal-ndash-hudson-odoi-kostet-bdquo-fast-so-viel-wie-mein-kader-ldquo-/view/news/326649?rss", date: "2019-01-07T16:19:19.000Z", text: "Max Eberl (Foto) hat dem" } },
  'rss-parser/itunes-keywords-array.rss': { format: 'rss', title: "SWR2 Impuls - Wissen aktuell", items: 1, skipped: 0, first: { title: "Ostafrika stellt sich auf die nächste Heuschreckenplage ein", url: "https://www.swr.de/swr2/wissen/Hungersnot-Ostafrika-stellt-sich-auf-die-naechste-Heuschreckenplage-ein,ostafrika-stellt-sich-auf-naechste-heuschreckenplage-ein-100.html", date: "2020-03-10T15:05:00.000Z", text: "Nach der jüngsten Heuschreckenplage droht", image: "https://www.swr.de/swr2/wissen/Heuschreckeninvasion-Hochland-von-Madagaskar-Afrika,1583836906080,swr2-impuls-heuschrecken-plage-afrika-100~_v-1x1@2dXL_-1f32c27c4978132dd0854e53b5ed30e10facc189.jpg" } },
  'rss-parser/itunes-keywords-astext.rss': { format: 'rss', title: "Endorphine für Delfine", items: 32, skipped: 0, first: { title: "Die mit Alice Merton und der Wespen-Taschen Psychologie", url: "https://www.dasding.de/podcasts/die-mit-alice-merton-und-der-wespen-taschen-psychologie-102.html", date: "2020-10-15T15:27:00.000Z", text: "Die Amateur-Wespen-Taschen-Psychologen (Walerija denkt, das", image: "https://www.dasding.de/podcasts/1602775845804,die-mit-alice-merton-und-der-wespen-taschen-psychologie-104~_v-1x1@2dXL_-1f32c27c4978132dd0854e53b5ed30e10facc189.jpg" } },
  'rss-parser/itunes-keywords.rss': { format: 'rss', title: "Taverncast - Happy Hour in Your Head - Since 2005", items: 1, skipped: 0, first: { title: "Taverncast 62 - Temporal Anomaly", url: "http://taverncast.com/", date: "2015-11-07T17:00:00.000Z", text: "Taverncast tosses around the age" } },
  'rss-parser/itunes-missing-image.rss': { format: 'rss', title: "Taverncast - Happy Hour in Your Head - Since 2005", items: 131, skipped: 0, first: { title: "Taverncast 62 - Temporal Anomaly", url: "http://taverncast.com/", date: "2015-11-07T17:00:00.000Z", text: "Taverncast tosses around the age" } },
  'rss-parser/many-links.rss': { format: 'atom', title: "Google Testing Blog", items: 25, skipped: 0, first: { title: "Code Health: Providing Context with Commit Messages and Bug Reports", url: "http://feedproxy.google.com/~r/blogspot/RLXA/~3/lTnHFI_mRTg/code-health-providing-context-with.html", date: "2017-09-11T21:01:00.000Z", text: "This is another post in" } },
  'rss-parser/missing-fields.atom': { format: 'atom', title: null, items: 0, skipped: 1, first: null },
  'rss-parser/narro.rss': { format: 'rss', title: "foobar on Narro", items: 1, skipped: 0, first: { title: "FAQ for Narro", url: "https://www.narro.co/article/54e703933058540300000069", date: "2015-02-20T09:51:15.000Z", text: "Listen to your reading list", image: "http://example.com/someImage.jpg" } },
  'rss-parser/pagination-links.rss': { format: 'rss', title: "New Show - With Episode Block", items: 1, skipped: 0, first: { title: "The First Episode", url: "https://example.test/episode?id=283843", date: "2021-01-21T07:58:00.000Z", text: "The First Episode", image: "https://example.test/test-image.jpg" } },
  'rss-parser/reddit-atom.rss': { format: 'rss', title: "reddit: the front page of the internet", items: 24, skipped: 0, first: { title: "The Difficulties in Space", url: "https://www.reddit.com/r/space/comments/42babr/the_difficulties_in_space/", date: "2016-01-23T15:40:37.000Z", text: "submitted bybenjaab123tospace [link][959 comments]", image: "https://b.thumbs.redditmedia.com/l50PUpLyyNMLwFrYMuCb3kwlDaq3k1Pwo5YhsdAz2jU.jpg" } },
  'rss-parser/reddit-home.rss': { format: 'atom', title: "reddit: the front page of the internet", items: 24, skipped: 0, first: { title: "How the British as seen by Americans and Europeans", url: "https://www.reddit.com/r/funny/comments/42tizy/how_the_british_as_seen_by_americans_and_europeans/", date: "2016-01-26T20:31:34.000Z", text: "submitted by /u/AngryRedditorsBelow to /r/funny", image: "https://a.thumbs.redditmedia.com/kfC3dt3PSrxdzzY44NAXXiS59AyPN3fM7202Bb3tT88.jpg" } },
  'rss-parser/reddit.rss': { format: 'rss', title: "reddit: the front page of the internet", items: 24, skipped: 0, first: { title: "The water is too deep, so he improvises", url: "https://www.reddit.com/r/funny/comments/3skxqc/the_water_is_too_deep_so_he_improvises/", date: "2015-11-12T21:16:39.000Z", text: "submitted by cakebeerandmorebeer to funny", image: "https://b.thumbs.redditmedia.com/z4zzFBqZ54WT-rFfKXVor4EraZtJVw7AodDvOZ7kitQ.jpg" } },
  'rss-parser/rss-1.rss': { format: 'rdf', title: "Science twis", items: 69, skipped: 0, first: { title: "Food for fungi", url: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1", date: "2017-06-15T17:29:47.000Z", text: "" } },
  'rss-parser/unrecognized.rss': { error: "this is an HTML page, not a feed" },
  'rss-parser/uolNoticias.rss': { format: 'rss', title: "UOL Noticias", items: 15, skipped: 0, first: { title: "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno", url: "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm", date: "2018-09-24T22:42:40.000Z", text: "Líder na pesquisa Ibope de", image: "https://conteudo.imguol.com.br/c/noticias/5f/2018/09/17/presidenciaveis-1537211917356_142x100.jpg" } },
  'rss-parser/xml2js-options.rss': { format: 'rdf', title: "Science twis", items: 69, skipped: 0, first: { title: "Food for fungi", url: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1", date: "2017-06-15T17:29:47.000Z", text: "" } },
  'node-feedparser/atom-with-tag-uri-links.xml': { format: 'atom', title: "Test Feed", items: 1, skipped: 0, first: { title: "Test Entry", url: null, date: null, text: "" } },
  'node-feedparser/category-feed.xml': { format: 'rss', title: "NYT > Home Page", items: 1, skipped: 0, first: { title: "E.P.A. Plan to Clean Up Gowanus Canal Meets Local Resistance", url: "http://www.nytimes.com/2013/05/06/nyregion/epa-plan-to-clean-up-gowanus-canal-meets-local-resistance.html?partner=rss&emc=rss", date: "2013-05-05T17:15:11.000Z", text: "Removed for overview ..." } },
  'node-feedparser/complexNamespaceFeed.xml': { format: 'atom', title: "namespace/feed", items: 1, skipped: 0, first: { title: "This is the title", url: null, date: "2012-08-04T01:29:34.677Z", text: "Hello World" } },
  'node-feedparser/compressed.xml': { format: 'rss', title: "Новости Оренбурга и области / Раздел Новости", items: 10, skipped: 0, first: { title: "В Бузулуке главные стройплощадки – детсад и Ледовый дворец", url: "http://www.oren.ru/news/2743422/", date: "2014-01-22T14:31:31.000Z", text: "Работы по возведению детского сада", image: "http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg" } },
  'node-feedparser/guid-dupes.xml': { format: 'rss', title: "Braingle's Newest Brain Teasers and Riddles", items: 1, skipped: 0, first: { title: "Huh?", url: "http://www.braingle.com/50366.html", date: "2014-06-19T06:00:00.000Z", text: "What's the Rebus? How's that;" } },
  'node-feedparser/iconv.xml': { format: 'rss', title: "Новости Оренбурга и области / Раздел Новости", items: 10, skipped: 0, first: { title: "В Бузулуке главные стройплощадки – детсад и Ледовый дворец", url: "http://www.oren.ru/news/2743422/", date: "2014-01-22T14:31:31.000Z", text: "Работы по возведению детского сада", image: "http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg" } },
  'node-feedparser/illegally-nested.xml': { format: 'rss', title: "PCMag.com: the Official John C. Dvorak RSS Feed", items: 10, skipped: 0, first: { title: "My Professional Armchair Analysis of CES", url: "http://feedproxy.google.com/~r/ziffdavis/pcmag/dvorak/~3/0O-eUfOYo94/0,2817,2525649,00.asp", date: "2018-01-17T20:50:00.000Z", text: "No one needs to go" } },
  'node-feedparser/intertwingly.atom': { format: 'atom', title: "Sam Ruby", items: 20, skipped: 0, first: { title: "Inhibiting Suspend", url: "http://intertwingly.net/blog/2012/07/16/Inhibiting-Suspend", date: "2012-07-16T15:48:01.000Z", text: "The interface is a bit" } },
  'node-feedparser/invalid-characters-gzipped.xml': { format: 'rss', title: "NSHipster", items: 25, skipped: 0, first: { title: "NSOperation", url: "http://nshipster.com/nsoperation/", date: "2014-07-14T07:00:00.000Z", text: "In life, there's always work" } },
  'node-feedparser/mediacontent-dupes.xml': { format: 'rss', title: "Home | Mail Online", items: 1, skipped: 0, first: { title: "Could the infamous Black Dahlia case be about to be solved? Cadaver dog discovers death scent at Hollywood home of suspect 66 years after the horrific murder", url: "http://www.dailymail.co.uk/news/article-2272640/Could-infamous-Black-Dahlia-case-solved-Cadaver-dog-discovers-death-scent-Hollywood-home-suspect-66-years-horrific-murder.html?ITO=1490&ns_mchannel=rss&ns_campaign=1490", date: "2013-02-03T04:13:03.000Z", text: "The shocking murder of Elizabeth", image: "http://i.mol.im/i/pix/2013/02/03/article-2272640-174FCEE2000005DC-697_154x115.jpg" } },
  'node-feedparser/non-text-alternate-links.xml': { format: 'atom', title: "nLab", items: 1, skipped: 0, first: { title: "(0,1)-category", url: "https://ncatlab.org/nlab/show/%280%2C1%29-category", date: "2009-09-08T23:20:59.000Z", text: "Updated by Mike Shulman on" } },
  'node-feedparser/nondefaultnamespace-baseline.atom': { format: 'atom', title: "Non-default namespace test baseline", items: 1, skipped: 0, first: { title: "If you can read the content of this entry, checking the test case will be meaningful.", url: "http://example.org/tests/namespace/result.html", date: "2006-01-18T11:26:54.000Z", text: "For information, see: * Who" } },
  'node-feedparser/nondefaultnamespace-xhtml.atom': { format: 'atom', title: "Non-default XHTML namespace test", items: 1, skipped: 0, first: { title: "If you can read the content of this entry, and it has a list and links, your aggregator works fine.", url: "http://example.org/tests/namespace/result.html", date: "2006-01-18T11:26:54.000Z", text: "For information, see: * Who" } },
  'node-feedparser/nondefaultnamespace.atom': { format: 'atom', title: "Non-default namespace test", items: 1, skipped: 0, first: { title: "If you can read the content of this entry, your aggregator works fine.", url: "http://example.org/tests/namespace/result.html", date: "2006-01-18T11:26:54.000Z", text: "For information, see: * Who" } },
  'node-feedparser/notafeed.html': { error: "this is an HTML page, not a feed" },
  'node-feedparser/relative-channel-image-url.xml': { format: 'rss', title: "Oracle VM VirtualBox: Ticket #10860: Full resolution not exposed to Linux guest", items: 1, skipped: 0, first: { title: "The VirtualBox version is actually the 4.2 beta but it couldn't be selected", url: "https://www.virtualbox.org/ticket/10860#comment:1", date: "2012-08-24T08:54:14.000Z", text: "The VirtualBox version is actually" } },
  'node-feedparser/rss-with-item-scoped-html-base.xml': { format: 'rss', title: "Item Scoped HTML Base", items: 2, skipped: 0, first: { title: "First", url: "https://example.com/first/first", date: null, text: "First" } },
  'node-feedparser/rss-with-relative-html-urls-no-base.xml': { format: 'rss', title: "Relative HTML URLs Without Base", items: 1, skipped: 0, first: { title: "Post", url: "https://example.com/feed/posts/post-1", date: null, text: "ReadComments", image: "https://example.com/images/post-1.png" } },
  'node-feedparser/rss-with-relative-html-urls.xml': { format: 'rss', title: "Relative HTML URLs", items: 1, skipped: 0, first: { title: "Post", url: "https://example.com/posts/posts/post-1", date: null, text: "ReadComments", image: "https://example.com/images/post-1.png" } },
  'node-feedparser/rss-with-relative-urls-with-absolute-xmlurl.xml': { format: 'rss', title: "Neverwinter", items: 2, skipped: 0, first: { title: "Neverwinter & Jingle Jam Humble Bundle!", url: "http://www.arcgames.com/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21", date: "2017-12-07T18:00:29.000Z", text: "Greetings Adventurers! Neverwinter is proud" } },
  'node-feedparser/rss-with-relative-urls.xml': { format: 'rss', title: "Neverwinter", items: 2, skipped: 0, first: { title: "Neverwinter & Jingle Jam Humble Bundle!", url: null, date: "2017-12-07T18:00:29.000Z", text: "Greetings Adventurers! Neverwinter is proud" } },
  'node-feedparser/rss-with-trailing-meta.xml': { format: 'rss', title: "Trailing Meta Feed", items: 1, skipped: 0, first: { title: "First item", url: "https://example.com/items/1", date: null, text: "" } },
  'node-feedparser/rss2sample.xml': { format: 'rss', title: "Liftoff News", items: 4, skipped: 0, first: { title: "Star City", url: "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp", date: "2003-06-03T09:39:21.000Z", text: "How do Americans get ready" } },
  'node-feedparser/saxerror.xml': { format: 'rss', title: "SAXError Test Feed", items: 3, skipped: 0, first: { title: "Good Item", url: "http://example.com/good", date: null, text: "This item is fine." } },
  'node-feedparser/tpm-with-empty-base.atom': { format: 'atom', title: "All TPM News", items: 20, skipped: 0, first: { title: "Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist", url: "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist", date: "2017-11-08T23:15:58.000Z", text: "Fox News star host Sean" } },
  'node-feedparser/tpm-with-fragment-base.atom': { format: 'atom', title: "All TPM News", items: 20, skipped: 0, first: { title: "Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist", url: "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist", date: "2017-11-08T23:15:58.000Z", text: "Fox News star host Sean" } },
  'node-feedparser/tpm.atom': { format: 'atom', title: "All TPM News", items: 20, skipped: 0, first: { title: "Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist", url: "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist", date: "2017-11-08T23:15:58.000Z", text: "Fox News star host Sean" } },
  'node-feedparser/unknown-namespace.atom': { format: 'atom', title: "Prefixed XHTML with unprefixed bogo-namespace", items: 1, skipped: 0, first: { title: "This entry contains XHTML-looking markup that is not XHTML", url: "http://example.org/tests/namespace/result.html", date: "2006-01-22T19:47:34.000Z", text: "* This is an XHTML" } },
  'node-feedparser/wapowellness.xml': { format: 'rss', title: "Wellness: Health, Fitness, Nutrition & More - The Washington Post", items: 29, skipped: 0, first: { title: "Schools minister to kids’ fitness and nutrition needs", url: "http://feeds.washingtonpost.com/click.phdo?i=cc0c5fb09865354bbec8415210a554da", date: "2012-08-21T15:33:00.000Z", text: "You’ve just been appointed Minister" } },

};

function readFile(rel: string): ReadFeed {
  const bytes = decompress(readFileSync(path.join(SHARED_FEEDS, rel)), undefined, 50 * 1024 * 1024);
  return readFeed(parseFeedText(decodeFeedBytes(bytes).text));
}

function firstWords(text: string): string {
  return text.split(/\s+/).slice(0, 5).join(' ');
}

describe('every feed file in ../shared/feeds reads as a subscriber expects', () => {
  it('has an expectation for every file there', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(sharedFeedFiles().sort());
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`reads ${file}`, () => {
      if ('error' in want) {
        expect(() => readFile(file)).toThrow(FeedReadError);
        expect(() => readFile(file)).toThrow(want.error);
        return;
      }
      const feed = readFile(file);
      expect(feed.format).toBe(want.format);
      expect(feed.title ?? null).toBe(want.title);
      expect(feed.items).toHaveLength(want.items);
      expect(feed.skipped).toHaveLength(want.skipped);
      const first = feed.items[0];
      if (!want.first) return expect(first).toBeUndefined();
      expect({ title: first!.title, url: first!.url ?? null, date: first!.publishedAt?.toISOString() ?? null, text: firstWords(first!.text) }).toEqual({
        title: want.first.title,
        url: want.first.url,
        date: want.first.date,
        text: want.first.text,
      });
      if (want.first.image) expect(first!.image).toBe(want.first.image);
      for (const item of feed.items) {
        expect(item.title, `${file}: titles are plain text`).not.toMatch(/<\/?[a-z]+[^>]*>|&(amp|lt|gt|quot|#\d+);/i);
        if (item.url) expect(item.url).toMatch(/^https?:\/\//);
        if (item.image) expect(item.image).toMatch(/^https?:\/\//);
      }
    });
  }
});

describe('what parsers leave to newsbrief', () => {
  it('decodes Latin-1 and Windows-1251 from the XML declaration, and a Latin-1 file that declares nothing', () => {
    expect(readFile('rss-parser/encoding.rss').items[0]!.title).toBe('Mãe de utente é a nova presidente da Raríssimas');
    expect(readFile('node-feedparser/iconv.xml').title).toBe('Новости Оренбурга и области / Раздел Новости');
    expect(readFile('rss-parser/uolNoticias.rss').items[0]!.title).toContain('simulações');
  });

  it('prefers the HTTP charset to the XML declaration', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title></channel></rss>', 'latin1');
    expect(decodeFeedBytes(bytes, 'text/xml; charset=ISO-8859-1').text).toContain('Café');
  });

  it('reads a gzip file served without saying so, the same as the plain one', () => {
    expect(readFile('node-feedparser/compressed.xml').items).toEqual(readFile('node-feedparser/iconv.xml').items);
  });

  it('resolves relative links through nested xml:base, and ignores a fragment-only base', () => {
    expect(readFile('node-feedparser/rss-with-relative-html-urls.xml').items[0]!.url).toBe('https://example.com/posts/posts/post-1');
    expect(readFile('node-feedparser/rss-with-item-scoped-html-base.xml').items.map((i) => i.url)).toEqual([
      'https://example.com/first/first',
      'https://example.com/second',
    ]);
    expect(readFile('node-feedparser/tpm-with-fragment-base.atom').items[0]!.url).toBe(readFile('node-feedparser/tpm.atom').items[0]!.url);
  });

  it('turns HTML descriptions into plain text with entities decoded', () => {
    const craigslist = readFile('rss-parser/craigslist.rss').items[0]!;
    expect(craigslist.title).toBe('Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft2');
    const heise = readFile('rss-parser/heise.atom').items[0]!;
    expect(heise.text).not.toMatch(/<|&/);
    expect(heise.fullContent).toBe(true);
  });

  it('reads dates with zones, named zones, two-digit years and Portuguese month names', () => {
    expect(readFile('node-feedparser/tpm.atom').items[0]!.publishedAt!.toISOString()).toBe('2017-11-08T23:15:58.000Z');
    expect(readFile('rss-parser/uolNoticias.rss').items[0]!.publishedAt!.toISOString()).toBe('2018-09-24T22:42:40.000Z');
    const nw = readFile('node-feedparser/rss-with-relative-urls.xml');
    expect(nw.items[0]!.publishedAt!.toISOString()).toBe('2017-12-07T18:00:29.000Z');
  });

  it('reads a date without a zone as UTC, whatever the machine’s zone, and says so', () => {
    const feed = readFeed(parseFeedText(`<rss version="2.0"><channel><title>T</title><item><title>A</title><pubDate>2026-11-30 18:00:00</pubDate></item></channel></rss>`));
    expect(feed.items[0]).toMatchObject({ zoned: false });
    expect(feed.items[0]!.publishedAt!.toISOString()).toBe('2026-11-30T18:00:00.000Z');
  });

  it('reads JSON Feed 1.1 and Atom 0.3', () => {
    const json = readFeed(
      parseFeedText(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'JSON News',
          home_page_url: 'https://json.example/',
          items: [{ id: 'j1', url: 'https://json.example/1', title: 'Port reopens', content_html: '<p>The port <b>reopened</b> today.</p>', summary: 'Short', date_published: '2026-11-30T08:00:00+01:00', image: 'https://json.example/1.jpg' }],
        }),
      ),
    );
    expect(json.format).toBe('json');
    expect(json.items[0]).toMatchObject({ guid: 'j1', title: 'Port reopens', url: 'https://json.example/1', text: 'The port reopened today.', image: 'https://json.example/1.jpg' });
    expect(json.items[0]!.publishedAt!.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    const atom03 = readFeed(
      parseFeedText(
        '<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title><link rel="alternate" type="text/html" href="http://old.example/"/>' +
          '<entry><title>E1</title><link rel="alternate" type="text/html" href="http://old.example/1"/><id>tag:old.example,2004:1</id><issued>2004-01-01T00:00:00Z</issued>' +
          '<content type="text/html" mode="escaped">&lt;p&gt;Body text&lt;/p&gt;</content></entry></feed>',
      ),
    );
    expect(atom03.items[0]).toMatchObject({ title: 'E1', url: 'http://old.example/1', text: 'Body text' });
  });

  it('skips an item with neither title nor text, and says why', () => {
    const feed = readFile('rss-parser/missing-fields.atom');
    expect(feed.skipped[0]!.reason).toMatch(/no title and no text/);
  });

  it('gives one clear reason for what is not a feed', () => {
    expect(() => parseFeedText('')).toThrow('the feed is empty');
    expect(() => parseFeedText('{"hello": 1}')).toThrow(/JSON but not a JSON Feed/);
    expect(() => parseFeedText('<note><to>x</to></note>')).toThrow(/not RSS, Atom or RDF/);
    expect(() => parseFeedText('just words')).toThrow(/neither XML nor JSON/);
  });
});

describe('the same files fetched from a local feed server', () => {
  let server: FeedServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startFeedServer();
    http = feedHttpClient(feedsConfig(), 'test');
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });

  it('reads every file over HTTP into the same items, with relative links resolved against the address fetched', async () => {
    for (const file of sharedFeedFiles()) {
      const want = EXPECTED[file]!;
      const res = await http.get(server.url(`/${file}`), { accept: FEED_ACCEPT });
      if (res.status !== 'ok') throw new Error(`${file}: no body`);
      if ('error' in want) {
        expect(() => readFetched(res), file).toThrow(want.error);
        continue;
      }
      expect(readFetched(res).items, file).toHaveLength(want.items);
    }
    const relative = await http.get(server.url('/node-feedparser/rss-with-relative-urls.xml'));
    if (relative.status !== 'ok') throw new Error('no body');
    expect(readFetched(relative).items[0]!.url).toBe(server.url('/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21'));
  });
});
