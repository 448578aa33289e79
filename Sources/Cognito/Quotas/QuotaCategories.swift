import AWSCore

/// Cognito's request-rate quotas for user-pool operations, as data: each category's
/// default requests per second (per account and region) and its operations, from the
/// "Quotas in Amazon Cognito" page of the developer guide (operations by category).
/// Operations the page does not list yet are placed beside their nearest relatives
/// (marked below); a test checks that every operation of the model has a category.
public enum QuotaCategories {
    public struct Category: Sendable, Equatable {
        public let name: String
        /// Default requests per second.
        public let rate: Double
        public let operations: [String]
        /// Requests per second per user pool, where the quotas page gives a per-pool
        /// limit inside the account's (pool-resource reads and updates).
        public let perPoolRate: Double?

        init(name: String, rate: Double, perPoolRate: Double? = nil, operations: [String]) {
            self.name = name
            self.rate = rate
            self.perPoolRate = perPoolRate
            self.operations = operations
        }
    }

    public static let all: [Category] = [
        Category(name: "UserAuthentication", rate: 120, operations: [
            "InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "AdminRespondToAuthChallenge",
            "GetTokensFromRefreshToken",
        ]),
        Category(name: "UserCreation", rate: 50, operations: ["SignUp", "ConfirmSignUp", "AdminCreateUser", "AdminConfirmSignUp"]),
        Category(name: "UserFederation", rate: 25, operations: []),
        Category(name: "UserAccountRecovery", rate: 30, operations: [
            "ChangePassword", "ConfirmForgotPassword", "ForgotPassword", "AdminResetUserPassword", "AdminSetUserPassword",
        ]),
        Category(name: "UserRead", rate: 120, operations: [
            "AdminGetUser", "GetUser",
            "GetUserAuthFactors",   // not listed yet; AdminGetUserAuthFactors is UserRead
        ]),
        Category(name: "UserUpdate", rate: 25, operations: [
            "AdminAddUserToGroup", "AdminDeleteUserAttributes", "AdminUpdateUserAttributes", "AdminDeleteUser",
            "AdminDisableUser", "AdminEnableUser", "AdminLinkProviderForUser", "AdminDisableProviderForUser",
            "VerifyUserAttribute", "DeleteUser", "DeleteUserAttributes", "UpdateUserAttributes", "AdminUserGlobalSignOut",
            "GlobalSignOut", "AdminRemoveUserFromGroup",
        ]),
        Category(name: "UserToken", rate: 120, operations: ["RevokeToken"]),
        Category(name: "UserResourceRead", rate: 50, operations: [
            "AdminGetDevice", "AdminListGroupsForUser", "AdminListDevices", "GetDevice", "ListDevices",
            "GetUserAttributeVerificationCode", "ResendConfirmationCode", "AdminListUserAuthEvents",
            "ListWebAuthnCredentials",   // not listed yet: a user's resources, read
        ]),
        Category(name: "UserResourceUpdate", rate: 25, operations: [
            "AdminForgetDevice", "AdminUpdateAuthEventFeedback", "AdminSetUserMFAPreference", "AdminSetUserSettings",
            "AdminUpdateDeviceStatus", "UpdateDeviceStatus", "UpdateAuthEventFeedback", "ConfirmDevice",
            "SetUserMFAPreference", "SetUserSettings", "VerifySoftwareToken", "AssociateSoftwareToken", "ForgetDevice",
            // not listed yet: a user's resources, changed
            "StartWebAuthnRegistration", "CompleteWebAuthnRegistration", "DeleteWebAuthnCredential",
        ]),
        Category(name: "UserList", rate: 30, operations: ["ListUsers", "ListUsersInGroup"]),
        Category(name: "UserPoolRead", rate: 15, operations: ["DescribeUserPool", "ListUserPools"]),
        Category(name: "UserPoolUpdate", rate: 15, operations: ["CreateUserPool", "UpdateUserPool", "DeleteUserPool"]),
        Category(name: "UserPoolResourceRead", rate: 20, perPoolRate: 5, operations: [
            "DescribeIdentityProvider", "DescribeResourceServer", "DescribeUserImportJob", "DescribeUserPoolDomain",
            "GetCSVHeader", "GetGroup", "GetSigningCertificate", "GetIdentityProviderByIdentifier", "GetUserPoolMfaConfig",
            "ListGroups", "ListIdentityProviders", "ListResourceServers", "ListTagsForResource", "ListUserImportJobs",
            "DescribeRiskConfiguration", "GetUICustomization", "DescribeManagedLoginBranding",
            "DescribeManagedLoginBrandingByClient",
            // not listed yet: a pool's resources, read
            "DescribeTerms", "ListTerms", "GetLogDeliveryConfiguration",
        ]),
        Category(name: "UserPoolResourceUpdate", rate: 15, perPoolRate: 5, operations: [
            "AddCustomAttributes", "CreateGroup", "CreateIdentityProvider", "CreateResourceServer", "CreateUserImportJob",
            "CreateUserPoolDomain", "DeleteGroup", "DeleteIdentityProvider", "DeleteResourceServer", "DeleteUserPoolDomain",
            "SetUserPoolMfaConfig", "StartUserImportJob", "StopUserImportJob", "UpdateGroup", "UpdateIdentityProvider",
            "UpdateResourceServer", "UpdateUserPoolDomain", "SetRiskConfiguration", "SetUICustomization", "TagResource",
            "UntagResource", "CreateManagedLoginBranding", "UpdateManagedLoginBranding", "DeleteManagedLoginBranding",
            // not listed yet: a pool's resources, changed
            "CreateTerms", "UpdateTerms", "DeleteTerms", "SetLogDeliveryConfiguration",
        ]),
        Category(name: "UserPoolClientRead", rate: 15, operations: [
            "DescribeUserPoolClient", "ListUserPoolClients",
            "ListUserPoolClientSecrets",   // not listed yet
        ]),
        Category(name: "UserPoolClientUpdate", rate: 15, operations: [
            "CreateUserPoolClient", "DeleteUserPoolClient", "UpdateUserPoolClient",
            "AddUserPoolClientSecret", "DeleteUserPoolClientSecret",   // not listed yet
        ]),
        Category(name: "ClientAuthentication", rate: 150, operations: ["GetClientToken"]),
        Category(name: "LimitManagement", rate: 1, operations: ["GetProvisionedLimit", "UpdateProvisionedLimit"]),
    ]

    /// The category names, in the table's order (for messages naming the valid ones).
    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> Category? { byName[name] }

    /// The category a call counts against. A challenge answer that sets a new password
    /// counts as account recovery, every other one as authentication, as the quota
    /// page says.
    public static func category(of operation: String, input: JSONValue) -> Category? {
        if operation == "RespondToAuthChallenge" || operation == "AdminRespondToAuthChallenge",
           input["ChallengeName"]?.stringValue == "NEW_PASSWORD_REQUIRED" {
            return byName["UserAccountRecovery"]
        }
        return byOperation[operation]
    }

    private static let byName: [String: Category] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    private static let byOperation: [String: Category] = {
        var map: [String: Category] = [:]
        for c in all { for op in c.operations { map[op] = c } }
        return map
    }()
}
