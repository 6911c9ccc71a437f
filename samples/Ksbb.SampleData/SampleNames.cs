namespace Ksbb.SampleData;

/// <summary>Word lists for synthetic place, person and organisation names.</summary>
internal static class SampleNames
{
    public static readonly string[] PlaceFirst =
    [
        "Kebon", "Rawa", "Pulo", "Tanah", "Karang", "Bukit", "Kampung", "Pasar", "Pondok", "Taman",
        "Sawah", "Kali", "Tegal", "Pintu", "Jati", "Duren", "Gunung", "Muara", "Tanjung", "Setu",
    ];

    public static readonly string[] PlaceSecond =
    [
        "Melati", "Kenari", "Seroja", "Anggrek", "Kamboja", "Flamboyan", "Mawar", "Teratai", "Cendana", "Gaharu",
        "Nangka", "Salak", "Pinang", "Bambu", "Waru", "Asem", "Mangga", "Jambu", "Rambutan", "Belimbing",
        "Sawo", "Kemiri", "Pala", "Lada", "Kenanga", "Dahlia", "Srikaya", "Sukun", "Randu", "Meranti",
        "Beringin", "Trembesi", "Ketapang", "Mahoni", "Akasia", "Cemara", "Palem", "Kemuning", "Tanjung Sari", "Bintaro Asri",
    ];

    public static readonly string[] PersonFirst =
    [
        "Adi", "Bayu", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko",
        "Kartika", "Lestari", "Made", "Nur", "Oki", "Putri", "Rizki", "Sari", "Taufik", "Wulan",
    ];

    public static readonly string[] PersonLast =
    [
        "Pratama", "Wijaya", "Saputra", "Lestari", "Hidayat", "Kusuma", "Nugroho", "Permata", "Santoso", "Utami",
        "Siregar", "Nasution", "Simanjuntak", "Harahap", "Purnomo", "Setiawan", "Rahayu", "Maharani", "Gunawan", "Susanto",
    ];

    public static readonly string[] OrganisationWords =
    [
        "Nusantara", "Sejahtera", "Harapan", "Mandiri", "Cahaya", "Bersama", "Peduli", "Makmur", "Sentosa", "Gemilang",
        "Bakti", "Karya", "Sinergi", "Lestari", "Prima", "Amanah", "Berkah", "Cipta", "Mulia", "Sahabat",
    ];

    public static readonly string[] Countries =
    [
        "Asia Timur", "Eropa Barat", "Oseania", "Asia Tenggara", "Timur Tengah", "Amerika Utara", "Eropa Utara",
    ];
}
