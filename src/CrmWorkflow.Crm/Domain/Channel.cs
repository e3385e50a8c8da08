namespace CrmWorkflow.Crm.Domain;

/// <summary>Every channel lands in one customer record.</summary>
public enum Channel { Phone, Sms, Email, Web, Visit, Fax, Mail, Chat }

/// <summary>Inbound (customer to us) or outbound.</summary>
public enum Direction { Inbound, Outbound }
