// North American Numbering Plan (+1): the time zones each geographic area code (NPA) serves.
//
// Source: written by hand for this project from the NANP administrator's published assignment of
// geographic area codes (the 50 US states, DC, the US territories and Canada, overlays included) and
// the official time-zone boundaries as the IANA tz database draws them. No code or data file was copied.
// The table holds area codes in service or announced for service; a code missing here gives no zone,
// which leaves the debtor's zone to the address (never a guess).
//
// A code whose territory reaches a county on another zone lists every such zone, the one most of its
// subscribers use first: the debtor then gets all of them as candidates and is called only in the
// hours they share. Local custom that the tz database does not record (Phenix City AL keeping Eastern
// time, West Wendover NV and Kenton OK keeping Mountain) is left out, and so are the Aleutian islands
// west of 169.5°W (America/Adak): a few hundred people, while listing them would take an hour from
// every Alaskan debtor.
//
// Zones are the principal ones of each time region (America/New_York rather than America/Detroit or
// America/Indiana/Indianapolis): those variants keep the same rules today, and naming them would only
// make an address and a phone that agree look as if they did not.
//
// Non-geographic codes (toll-free 800/833/844/855/866/877/888, premium 900, personal 5XX, 600, 700,
// 710) are deliberately absent: a number there says nothing about where its owner lives.

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const AZ = 'America/Phoenix'; // Mountain Standard all year
const PT = 'America/Los_Angeles';
const AK = 'America/Anchorage';
const HI = 'Pacific/Honolulu';

// Canada
const CA_NT = 'America/St_Johns';
const CA_AT = 'America/Halifax';
const CA_ET = 'America/Toronto';
const CA_CT = 'America/Winnipeg';
const CA_SK = 'America/Regina'; // Central Standard all year
const CA_MT = 'America/Edmonton';
const CA_MST = 'America/Dawson_Creek'; // north-east British Columbia: Mountain Standard all year
const CA_YT = 'America/Whitehorse'; // Yukon: Mountain Standard all year
const CA_PT = 'America/Vancouver';

type Entry = readonly [codes: string, zones: readonly string[]];

const TABLE: readonly Entry[] = [
  // --- United States, by state
  ['205 251 256 334 659 938', [CT]], // Alabama
  ['907', [AK]], // Alaska
  ['480 520 602 623', [AZ]], // Arizona
  ['928', [AZ, MT]], // northern Arizona: the Navajo Nation keeps daylight time
  ['327 479 501 870', [CT]], // Arkansas
  [
    '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951',
    [PT],
  ], // California
  ['303 719 720 748 970 983', [MT]], // Colorado
  ['203 475 860 959', [ET]], // Connecticut
  ['302', [ET]], // Delaware
  ['202 771', [ET]], // District of Columbia
  ['239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954', [ET]], // Florida
  ['448 850', [CT, ET]], // Florida panhandle: Central west of the Apalachicola, Eastern around Tallahassee
  ['229 404 470 478 678 706 762 770 912 943', [ET]], // Georgia
  ['808', [HI]], // Hawaii
  ['208 986', [MT, PT]], // Idaho: the panhandle north of the Salmon River keeps Pacific time
  ['217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872', [CT]], // Illinois
  ['260 317 463 765', [ET]], // Indiana
  ['219', [CT, ET]], // north-west Indiana (Lake, Porter, LaPorte: Central; Pulaski: Eastern)
  ['574', [ET, CT]], // north Indiana (Starke County: Central)
  ['812 930', [ET, CT]], // south Indiana (Evansville and the south-west corner: Central)
  ['319 515 563 641 712', [CT]], // Iowa
  ['316 913', [CT]], // Kansas
  ['620 785', [CT, MT]], // western Kansas (Sherman, Wallace, Greeley, Hamilton: Mountain)
  ['502 859', [ET]], // Kentucky
  ['270 364', [CT, ET]], // western Kentucky (Elizabethtown and the east of the area: Eastern)
  ['606', [ET, CT]], // eastern Kentucky (Clinton County: Central)
  ['225 318 337 457 504 985', [CT]], // Louisiana
  ['207', [ET]], // Maine
  ['227 240 301 410 443 667', [ET]], // Maryland
  ['339 351 413 508 617 774 781 857 978', [ET]], // Massachusetts
  ['231 248 269 313 517 586 616 679 734 810 947 989', [ET]], // Michigan
  ['906', [ET, CT]], // Upper Peninsula (Gogebic, Iron, Dickinson, Menominee: Central)
  ['218 320 507 612 651 763 924 952', [CT]], // Minnesota
  ['228 601 662 769', [CT]], // Mississippi
  ['235 314 417 557 573 636 660 816 975', [CT]], // Missouri
  ['406', [MT]], // Montana
  ['402 531', [CT]], // Nebraska
  ['308', [CT, MT]], // western Nebraska (the panhandle: Mountain)
  ['702 725 775', [PT]], // Nevada
  ['603', [ET]], // New Hampshire
  ['201 551 609 640 732 848 856 862 908 973', [ET]], // New Jersey
  ['505 575', [MT]], // New Mexico
  ['212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934', [ET]], // New York
  ['252 336 472 704 743 828 910 919 980 984', [ET]], // North Carolina
  ['701', [CT, MT]], // North Dakota (the south-west: Mountain)
  ['216 220 234 283 326 330 380 419 436 440 513 567 614 740 937', [ET]], // Ohio
  ['405 539 572 580 918', [CT]], // Oklahoma
  ['503 971', [PT]], // Oregon
  ['458 541', [PT, MT]], // Oregon outside Portland (Malheur County: Mountain)
  ['215 223 267 272 412 445 484 570 582 610 717 724 814 835 878', [ET]], // Pennsylvania
  ['401', [ET]], // Rhode Island
  ['803 821 839 843 854 864', [ET]], // South Carolina
  ['605', [CT, MT]], // South Dakota (west of the Missouri, mostly: Mountain)
  ['615 629 731 901 931', [CT]], // Tennessee
  ['865', [ET]], // Knoxville
  ['423', [ET, CT]], // east Tennessee (Marion County and the Cumberland plateau edge: Central)
  [
    '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979',
    [CT],
  ], // Texas
  ['915', [MT]], // El Paso and Hudspeth County
  ['385 435 801', [MT]], // Utah
  ['802', [ET]], // Vermont
  ['276 434 540 571 686 703 757 804 826 948', [ET]], // Virginia
  ['206 253 360 425 509 564', [PT]], // Washington
  ['304 681', [ET]], // West Virginia
  ['262 274 353 414 534 608 715 920', [CT]], // Wisconsin
  ['307', [MT]], // Wyoming

  // --- US territories
  ['787 939', ['America/Puerto_Rico']],
  ['340', ['America/St_Thomas']],
  ['671', ['Pacific/Guam']],
  ['670', ['Pacific/Saipan']],
  ['684', ['Pacific/Pago_Pago']],

  // --- Canada
  ['709 879', [CA_NT, CA_AT]], // Newfoundland and Labrador (most of Labrador: Atlantic)
  ['782 902', [CA_AT]], // Nova Scotia, Prince Edward Island
  ['428 506', [CA_AT]], // New Brunswick
  ['263 354 438 450 468 514 579 819 873', [CA_ET]], // Quebec
  ['367 418 581', [CA_ET, CA_AT]], // eastern Quebec (Magdalen Islands, Lower North Shore: Atlantic)
  ['226 249 273 289 343 365 382 416 437 519 548 613 647 683 705 742 753 905 942', [CA_ET]], // Ontario
  ['807', [CA_ET, CA_CT]], // north-western Ontario (west of Thunder Bay: Central)
  ['204 431 584', [CA_CT]], // Manitoba
  ['306 474 639', [CA_SK, CA_MT]], // Saskatchewan (Lloydminster keeps Alberta time)
  ['368 403 587 780 825', [CA_MT]], // Alberta
  ['604', [CA_PT]], // Vancouver and the Lower Mainland
  ['236 250 257 672 778', [CA_PT, CA_MT, CA_MST]], // British Columbia (the Kootenays: Mountain; Peace River: MST all year)
  ['867', [CA_YT, CA_MT, CA_CT, CA_ET]], // Yukon, Northwest Territories, Nunavut
];

const BY_CODE: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, readonly string[]>();
  for (const [codes, zones] of TABLE) {
    for (const code of codes.split(' ')) {
      // a code listed twice would make the answer depend on table order
      if (m.has(code)) throw new Error(`nanp-zones: area code ${code} is listed twice`);
      m.set(code, zones);
    }
  }
  return m;
})();

/** Every area code in the table (for tests and checks against other sources). */
export function nanpAreaCodes(): string[] {
  return [...BY_CODE.keys()];
}

/**
 * The zones a NANP number's area code serves, the main one first; empty for non-geographic and
 * unknown codes. `nationalNumber` is the 10-digit number without the leading 1.
 */
export function nanpZones(nationalNumber: string): readonly string[] {
  return BY_CODE.get(nationalNumber.slice(0, 3)) ?? [];
}
