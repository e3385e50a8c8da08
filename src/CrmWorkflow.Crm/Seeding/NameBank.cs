namespace CrmWorkflow.Crm.Seeding;

/// <summary>Word lists the generator draws realistic names, places and products from.</summary>
internal static class NameBank
{
    public static readonly string[] ChineseSurnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "郑", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];

    public static readonly string[] ChineseGivenNames =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
         "刚", "桂英", "建华", "文", "华", "红", "玉兰", "志强", "婷", "欣怡", "子涵", "浩然", "梓萱", "宇轩", "思远", "晨曦"];

    public static readonly string[] EnglishFirstNames =
        ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David", "Susan",
         "Richard", "Jessica", "Joseph", "Sarah", "Thomas", "Karen", "Charles", "Nancy", "Daniel", "Emma", "Oliver", "Sophie",
         "Lucas", "Amelia", "Noah", "Grace", "Ethan", "Chloe", "Aisha", "Ravi", "Mei", "Kenji", "Priya", "Tom"];

    public static readonly string[] EnglishLastNames =
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas",
         "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "King", "Wright",
         "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Chen", "Wong", "Lee", "Tan"];

    /// <summary>Regions, whether they are Chinese-speaking, and their weight in the customer base.</summary>
    public static readonly (string Name, bool Chinese, int Weight)[] Regions =
    [
        ("East China", true, 22), ("North China", true, 16), ("South China", true, 16), ("Central China", true, 10),
        ("West China", true, 8), ("Hong Kong", true, 5), ("Singapore", false, 5), ("United Kingdom", false, 6),
        ("Germany", false, 5), ("United States", false, 7),
    ];

    public static readonly (string Name, int Weight)[] Industries =
    [
        ("Manufacturing", 18), ("Retail", 14), ("Finance", 10), ("Telecom", 6), ("Energy", 5), ("Healthcare", 8),
        ("Logistics", 9), ("Education", 6), ("Public sector", 4), ("Technology", 12), ("Hospitality", 8),
    ];

    public static readonly string[] ChineseCompanyWords =
        ["华信", "恒通", "东方", "新世纪", "瑞丰", "宏达", "金桥", "长城", "远航", "天成", "中科", "海天", "博远", "启明", "振华", "国泰"];

    public static readonly string[] ChineseCompanySuffixes = ["有限公司", "科技有限公司", "贸易有限公司", "集团股份有限公司", "物流有限公司"];

    public static readonly string[] EnglishCompanyWords =
        ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Proseware", "Adventure", "Blue Yonder", "Coho", "Lucerne",
         "Margie's", "Trey", "Wingtip", "Alpine", "Fourth Coffee", "Humongous", "Wide World", "Graphic Design"];

    public static readonly string[] EnglishCompanySuffixes = ["Ltd", "Inc.", "GmbH", "Group", "Holdings", "Partners", "Pte Ltd"];

    public static readonly (string Code, string Name, string Category, decimal Price, decimal Cost)[] Products =
    [
        ("CRM-STD", "CRM Standard licence (year)", "Software", 1200m, 240m),
        ("CRM-PRO", "CRM Professional licence (year)", "Software", 2400m, 420m),
        ("CRM-ENT", "CRM Enterprise licence (year)", "Software", 6000m, 900m),
        ("MKT-AUT", "Marketing automation add-on", "Software", 1800m, 300m),
        ("SVC-DESK", "Service desk add-on", "Software", 1500m, 260m),
        ("ANL-BI", "Analytics and reports pack", "Software", 2200m, 380m),
        ("MOB-APP", "Mobile sales app", "Software", 600m, 90m),
        ("INT-ERP", "ERP integration connector", "Integration", 3500m, 1400m),
        ("INT-BILL", "Billing integration connector", "Integration", 2800m, 1100m),
        ("CON-IMPL", "Implementation consulting (day)", "Services", 1100m, 650m),
        ("CON-TRN", "Train-the-trainer workshop", "Services", 2500m, 1300m),
        ("CON-PROC", "Process review workshop", "Services", 3000m, 1500m),
        ("SUP-GOLD", "Gold support (year)", "Support", 4000m, 1600m),
        ("SUP-STD", "Standard support (year)", "Support", 1200m, 500m),
        ("HW-PHONE", "Call-centre headset", "Hardware", 180m, 110m),
        ("HW-TAB", "Field sales tablet", "Hardware", 650m, 480m),
        ("DATA-CLN", "Data cleansing service", "Services", 1600m, 800m),
        ("SMS-PACK", "SMS bundle (10,000)", "Messaging", 300m, 120m),
        ("EML-PACK", "Email bundle (100,000)", "Messaging", 250m, 60m),
        ("CLD-STOR", "Cloud storage (1 TB, year)", "Infrastructure", 400m, 150m),
    ];

    public static readonly string[] ComplaintCategories =
        ["Billing", "Delivery", "Product quality", "Service attitude", "Technical fault", "Contract", "Data privacy", "Waiting time"];

    public static readonly string[] Skills = ["enterprise", "smb", "retail", "finance", "technical", "negotiation", "service", "onboarding"];

    public static readonly string[] Languages = ["zh", "en", "de", "yue"];
}
